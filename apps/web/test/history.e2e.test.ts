// Version history (issue 17) in two browsers on one document: versions saved from the History
// panel, a section-by-section diff between two of them (words added and removed, a checklist
// tick as "☐ → ☑", a field's value), a past version shown read-only, and a restore confirmed in
// one window that the other window's editor converges to. Also the document bar's one-click
// questions: "since approval" (disabled: never approved) and "since my last visit".
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { doubleClickWord } from './comment-helpers';
import {
  apiFetch,
  caretAtEnd,
  checklistItem,
  closeAll,
  createDocument,
  documentText,
  field,
  hasChromium,
  newUser,
  openDocument,
  PAYMENTS_REVIEW_MARKDOWN,
  PROPAGATION_MS,
  RESULTS_DIR,
  SLOW_MS,
  seriousAxeViolations,
  share,
  type TestUser,
  useServerAndBrowser,
  waitForSaved,
} from './e2e-helpers';

const MARKDOWN = PAYMENTS_REVIEW_MARKDOWN;

const ADDED = 'Settlement runs nightly.';

const historyPanel = (page: Page) => page.locator('#history-panel');
const historyView = (page: Page) => page.locator('.history-view');

/** Text as seen, without what only screen readers get. */
const visibleText = (locator: Locator) =>
  locator.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const hidden of copy.querySelectorAll('.visually-hidden')) hidden.remove();
    return copy.textContent ?? '';
  });

async function openHistory(page: Page) {
  const toggle = page.getByRole('button', { name: 'History', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
  await toggle.click();
  await historyPanel(page).locator('.version-list, .muted').first().waitFor({ timeout: SLOW_MS });
}

/** Save a version from the History panel, and wait until the list shows it. */
async function saveVersion(page: Page, name: string) {
  await historyPanel(page).getByRole('button', { name: 'Save version…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save a version' });
  await dialog.waitFor({ timeout: SLOW_MS });
  // The name box has the focus: typing goes there.
  await page.keyboard.type(name);
  await dialog.getByRole('button', { name: 'Save version' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: SLOW_MS });
  await historyPanel(page)
    .locator('.version-item__title', { hasText: name })
    .waitFor({ timeout: SLOW_MS });
  await page.locator('.history-toast', { hasText: name }).waitFor({ timeout: SLOW_MS });
}

const versionRow = (page: Page, title: string) =>
  historyPanel(page).locator('.version-item', {
    has: page.locator('.version-item__title', { hasText: title }),
  });

async function screenshot(page: Page, name: string) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, `history-${name}.png`) });
}

describe.skipIf(!hasChromium)('version history', () => {
  const env = useServerAndBrowser();

  it('[VH6] saves versions, diffs two (changed words, ☐ → ☑), views one read-only, restores one with confirmation and the other window converges', async () => {
    const base = env.server.url;
    let olivia: TestUser | undefined;
    let eddie: TestUser | undefined;
    try {
      olivia = await newUser(env.browser, base, 'Olivia');
      eddie = await newUser(env.browser, base, 'Eddie');
      const a = olivia.page;
      const b = eddie.page;
      const docId = await createDocument(base, { markdown: MARKDOWN }, olivia);
      await share(base, docId, eddie, 'editor', olivia);
      await openDocument(a, docId);
      await openDocument(b, docId);

      // Never approved: "since approval" cannot be asked. Eddie never left: nothing to compare.
      expect(
        await a.getByRole('button', { name: 'What changed Since approval' }).isDisabled(),
      ).toBe(true);
      await b.getByRole('button', { name: 'What changed Since my last visit' }).click();
      await historyView(b)
        .getByText(/no version from before you last closed this document/)
        .waitFor({ timeout: SLOW_MS });
      await historyView(b).getByRole('button', { name: 'Back to the live document' }).click();
      await b.locator('.review-doc[contenteditable="true"]').waitFor({ state: 'visible' });

      // Version 1, by the owner, from the History panel.
      await openHistory(a);
      await historyPanel(a).getByText('No versions yet').waitFor({ timeout: SLOW_MS });
      await saveVersion(a, 'Before the decision');

      // Eddie edits: a word replaced, a sentence added, an item ticked, a field changed.
      const paragraph = b.locator('.review-doc p', { hasText: 'ledger' });
      await doubleClickWord(b, paragraph, 'every');
      await b.keyboard.type('each');
      await caretAtEnd(paragraph);
      await b.keyboard.type(` ${ADDED}`);
      await checklistItem(b, 'Load balancing').locator('.check-button').click();
      await caretAtEnd(field(b, 'Framework').locator('.field__value'));
      await b.keyboard.type(' Native');
      await waitForSaved(b);
      await expect
        .poll(
          () =>
            checklistItem(a, 'Load balancing').locator('.check-button').getAttribute('data-state'),
          {
            timeout: SLOW_MS,
          },
        )
        .toBe('done');

      // Version 2, by the editor (editors may save versions, not restore them).
      await openHistory(b);
      await saveVersion(b, 'After the decision');
      expect(
        await historyPanel(b)
          .getByRole('button', { name: /^Restore/ })
          .count(),
      ).toBe(0);

      // The owner's panel asks again when opened: both versions, newest first.
      await openHistory(a);
      await versionRow(a, 'After the decision').waitFor({ timeout: SLOW_MS });
      expect(await historyPanel(a).locator('.version-item__title').allTextContents()).toEqual([
        'After the decision',
        'Before the decision',
      ]);
      expect(await visibleText(versionRow(a, 'After the decision'))).toContain('by Eddie');
      expect(await visibleText(versionRow(a, 'After the decision'))).toContain('Edited by Eddie');

      // The diff between them.
      const picker = historyPanel(a).getByRole('form', { name: 'Compare' });
      await picker.getByLabel('From').selectOption('1');
      await picker.getByLabel('To').selectOption('2');
      await picker.getByRole('button', { name: 'Show changes' }).click();
      const diff = historyView(a);
      await diff.locator('.diff-section').first().waitFor({ timeout: SLOW_MS });
      expect(await diff.getByRole('heading', { level: 2 }).textContent()).toBe(
        'From Version 1 · Before the decision to Version 2 · After the decision',
      );
      // The live document is out of the way while the diff is shown.
      expect(await a.locator('.review-doc[contenteditable="true"]').isVisible()).toBe(false);

      const context = diff.locator('.diff-section', { hasText: 'Context' });
      expect(await context.getAttribute('data-status')).toBe('changed');
      expect(await context.locator('.diff-badge').allTextContents()).toEqual(['Changed']);
      const added = (
        await context.locator('ins').evaluateAll((els) => els.map((e) => e.textContent))
      )
        .join('')
        .replace(/\[added: |\]/g, '');
      const removed = (
        await context.locator('del').evaluateAll((els) => els.map((e) => e.textContent))
      )
        .join('')
        .replace(/\[removed: |\]/g, '');
      expect(added).toContain('each');
      expect(added).toContain(ADDED);
      expect(removed).toContain('every');
      expect(removed).not.toContain('ledger');
      // Not by colour alone: underlined and struck through, and said so to screen readers.
      const style = await context
        .locator('ins')
        .first()
        .evaluate((el) => {
          const s = getComputedStyle(el);
          return s.textDecorationLine;
        });
      expect(style).toContain('underline');
      expect(
        await context
          .locator('del')
          .first()
          .evaluate((el) => getComputedStyle(el).textDecorationLine),
      ).toContain('line-through');
      expect(await context.locator('ins .visually-hidden').first().textContent()).toBe('[added: ');

      const decision = diff.locator('.diff-section', { hasText: 'Decision' });
      const items = await decision
        .locator('.diff-item')
        .evaluateAll((els) =>
          els.map((el) => (el.querySelector('[aria-hidden="true"]') as HTMLElement).textContent),
        );
      expect(items).toContain('Load balancing: ☐ → ☑');
      expect(items).toContain('Framework: React → React Native');
      expect(await decision.locator('.diff-item .visually-hidden').allTextContents()).toContain(
        'Load balancing: checklist item changed from open to done',
      );
      // The sections that did not change are one folded line.
      const unchanged = diff.locator('.diff-unchanged');
      expect(await unchanged.count()).toBeGreaterThan(0);
      expect(await diff.locator('.diff-section', { hasText: 'Risks' }).count()).toBe(0);
      expect(await diff.getByTestId('diff-summary').textContent()).toBe('2 changed');
      expect(await seriousAxeViolations(a)).toEqual([]);
      await screenshot(a, 'diff-light');

      // Dark theme and a phone: still readable, nothing in the way.
      await a.emulateMedia({ colorScheme: 'dark' });
      await a.setViewportSize({ width: 390, height: 844 });
      await historyPanel(a).getByRole('button', { name: 'Close the history panel' }).click();
      await context.scrollIntoViewIfNeeded();
      expect(await seriousAxeViolations(a)).toEqual([]);
      const overflow = await a.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(a, 'diff-dark-390');
      await a.emulateMedia({ colorScheme: 'light' });
      await a.setViewportSize({ width: 1280, height: 900 });

      // Back to the live document, then version 1 read-only.
      await diff.getByRole('button', { name: 'Back to the live document' }).click();
      await a.locator('.review-doc[contenteditable="true"]').waitFor({ state: 'visible' });
      await openHistory(a);
      await versionRow(a, 'Before the decision')
        .getByRole('button', { name: 'View version 1' })
        .click();
      const past = historyView(a);
      await past.locator('.review-doc--past').waitFor({ timeout: SLOW_MS });
      expect(await past.locator('.history-view__eyebrow').textContent()).toBe(
        'Past version · read-only',
      );
      expect(await past.locator('.review-doc--past').getAttribute('contenteditable')).toBe('false');
      const pastText = await past.locator('.review-doc--past').textContent();
      expect(pastText).toContain('The ledger keeps every payment.');
      expect(pastText).not.toContain(ADDED);
      expect(
        await past
          .locator('li.checklist-item', { hasText: 'Load balancing' })
          .locator('.check-button')
          .getAttribute('data-state'),
      ).toBe('open');
      expect(await seriousAxeViolations(a)).toEqual([]);
      await screenshot(a, 'version');

      // Restore version 1 in Olivia's window, confirmed.
      await past.getByRole('button', { name: 'Restore this version…' }).click();
      const confirm = a.getByRole('alertdialog', { name: 'Restore version 1?' });
      await confirm.waitFor({ timeout: SLOW_MS });
      expect(await confirm.textContent()).toContain('“Before the decision”');
      // Cancel keeps everything as it is; the second time it is confirmed.
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'hidden' });
      expect(await documentText(b)).toContain(ADDED);
      await past.getByRole('button', { name: 'Restore this version…' }).click();
      await confirm.getByRole('button', { name: 'Restore version 1' }).click();
      await a
        .locator('.history-toast', { hasText: 'Restored version 1' })
        .waitFor({ timeout: SLOW_MS });
      // Back in the live document, which is version 1 again.
      await a.locator('.review-doc[contenteditable="true"]').waitFor({ state: 'visible' });

      // Eddie's editor converges, without a reload.
      for (const page of [b, a]) {
        await expect
          .poll(() => documentText(page), { timeout: SLOW_MS + PROPAGATION_MS })
          .not.toContain(ADDED);
        const text = await documentText(page);
        expect(text).toContain('The ledger keeps every payment.');
        expect(text).not.toContain('Native');
        await expect
          .poll(
            () =>
              checklistItem(page, 'Load balancing')
                .locator('.check-button')
                .getAttribute('data-state'),
            {
              timeout: SLOW_MS,
            },
          )
          .toBe('open');
      }
      // Still editable for Eddie, and what he types reaches Olivia.
      await caretAtEnd(b.locator('.review-doc p', { hasText: 'ledger' }));
      await b.keyboard.type(' Again.');
      await expect
        .poll(() => documentText(a), { timeout: SLOW_MS })
        .toContain('every payment. Again.');

      // The list marks the restore. (The state just before it is version 2 itself, so no
      // automatic version is added for it.)
      await openHistory(a);
      const restoredRow = versionRow(a, 'Restored version 1');
      await restoredRow.waitFor({ timeout: SLOW_MS });
      expect(await restoredRow.locator('.version-kind').textContent()).toBe('Restore');
      expect(await visibleText(restoredRow)).toContain('by Olivia');
      expect(await historyPanel(a).locator('.version-item__title').allTextContents()).toEqual([
        'Restored version 1',
        'After the decision',
        'Before the decision',
      ]);

      // Escape closes the panel and gives the focus back to its button.
      await historyPanel(a).getByRole('heading', { name: 'History' }).focus();
      await a.keyboard.press('Escape');
      await historyPanel(a).waitFor({ state: 'detached', timeout: SLOW_MS });
      expect(await a.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe(
        'history-panel',
      );

      // Eddie leaves and comes back: "since my last visit" now has a version to start from.
      await b.goto('about:blank');
      await expect
        .poll(
          async () =>
            (await apiFetch(base, `/api/docs/${docId}/diff?from=last-visit`, { as: eddie })).status,
          { timeout: SLOW_MS },
        )
        .toBe(200);
      await openDocument(b, docId);
      await b.getByRole('button', { name: 'What changed Since my last visit' }).click();
      await historyView(b).getByTestId('diff-summary').waitFor({ timeout: SLOW_MS });
      expect(await historyView(b).getByRole('heading', { level: 2 }).textContent()).toMatch(
        /^From your last visit \(.+\) to the live document$/,
      );
      expect(olivia.errors).toEqual([]);
      expect(eddie.errors).toEqual([]);
    } finally {
      await closeAll(olivia?.context, eddie?.context);
    }
  });
});
