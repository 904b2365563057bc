// Full-text search from the browser: the Ctrl+K dialog on the list page finds a distinctive
// word in one of two documents, marks it in the snippet, and Enter opens that document at the
// section. In the editor, Ctrl+K opens the dialog over the text and Escape gives the focus back;
// at 390 px the dialog fits the screen.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  closeAll,
  createDocument,
  hasChromium,
  newUser,
  SLOW_MS,
  type TestUser,
  useServerAndBrowser,
} from './e2e-helpers';

const WORD = 'zephyrquokka';

const WITH_WORD = `# Ledger review

## Context

The ledger keeps every payment.

## Risks

A ${WORD} outage would stop settlement.
`;

const WITHOUT = `# Queue review

## Context

The queue carries every event.
`;

const searchDialog = (page: Page) => page.getByRole('dialog', { name: 'Search' });

/**
 * Type `query` in the box until a hit shows `expected` marked. The index follows changes a
 * couple of seconds late, so an early answer may have nothing: clear the box and type again
 * (a new query each time) until the hit appears or SLOW_MS passes.
 */
async function searchUntilHit(box: Locator, hit: Locator, query: string): Promise<void> {
  const deadline = Date.now() + SLOW_MS;
  for (;;) {
    await box.fill(query);
    try {
      await hit.waitFor({ timeout: 2_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await box.fill('');
  }
}

describe.skipIf(!hasChromium)('search', () => {
  const env = useServerAndBrowser();

  it('[SR6] Ctrl+K on the list finds a word, marks it, and Enter opens its document; Escape closes and returns the focus', async () => {
    const base = env.server.url;
    let sam: TestUser | undefined;
    try {
      sam = await newUser(env.browser, base, 'Sam');
      const page = sam.page;
      const withWord = await createDocument(base, { markdown: WITH_WORD }, sam);
      await createDocument(base, { markdown: WITHOUT }, sam);

      await page.goto('/');
      await page.locator('.doc-table a', { hasText: 'Queue review' }).waitFor({ timeout: SLOW_MS });

      await page.keyboard.press('Control+K');
      const dialog = searchDialog(page);
      await dialog.waitFor({ timeout: SLOW_MS });
      expect(await dialog.getAttribute('aria-modal')).toBe('true');
      const box = dialog.getByRole('combobox', { name: 'Search all documents' });
      await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);

      const option = dialog.getByRole('option').filter({ has: page.locator('mark') });
      await searchUntilHit(box, option.first(), WORD);

      // Labelled by its document and section; the word is marked (as text); the other document
      // has no hit.
      const listbox = dialog.getByRole('listbox', { name: 'Search results' });
      const group = listbox.getByRole('group', { name: 'Ledger review' });
      await group.waitFor({ timeout: SLOW_MS });
      expect(await listbox.getByRole('group', { name: 'Queue review' }).count()).toBe(0);
      const sectionHit = group.locator('.search-hit[data-kind="section"]');
      expect(await sectionHit.locator('.search-hit__heading').textContent()).toBe('Risks');
      expect(
        (await sectionHit.locator('mark').allTextContents()).map((t) => t.toLowerCase()),
      ).toEqual([WORD]);
      expect(await sectionHit.locator('.search-hit__snippet').textContent()).toContain('outage');
      // The first hit is active, for Enter; the combobox points at it.
      const first = listbox.getByRole('option').first();
      expect(await first.getAttribute('aria-selected')).toBe('true');
      expect(await box.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));

      await box.press('Enter');
      await page.waitForURL((url) => url.pathname === `/d/${withWord}`, { timeout: SLOW_MS });
      await dialog.waitFor({ state: 'hidden', timeout: SLOW_MS });
      // A section hit leads to its section (the editor scrolls there).
      expect(new URL(page.url()).hash).toMatch(/^#section-/);
      const editor = page.locator('.review-doc[contenteditable="true"]');
      await editor.waitFor({ timeout: SLOW_MS });
      await page.locator('.review-doc', { hasText: WORD }).waitFor({ timeout: SLOW_MS });

      // In the editor: Ctrl+K opens the dialog over the text, Escape closes it and the focus
      // goes back to the text.
      await editor.locator('p', { hasText: 'ledger' }).click();
      await page.keyboard.press('Control+K');
      await dialog.waitFor({ timeout: SLOW_MS });
      await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden', timeout: SLOW_MS });
      await expect
        .poll(() => page.evaluate(() => !!document.activeElement?.closest('.review-doc')))
        .toBe(true);

      // At 390 px the dialog fits the screen.
      await page.setViewportSize({ width: 390, height: 800 });
      await page.keyboard.press('Control+K');
      await dialog.waitFor({ timeout: SLOW_MS });
      const boxSize = await dialog.boundingBox();
      expect(boxSize?.x).toBeGreaterThanOrEqual(0);
      expect((boxSize?.x ?? 0) + (boxSize?.width ?? 1000)).toBeLessThanOrEqual(390);
      await page.keyboard.press('Escape');

      expect(sam.errors).toEqual([]);
    } finally {
      await closeAll(sam?.context);
    }
  });
});
