// Comment threads in two browsers: a commenter comments on a word with Ctrl+Alt+M, the owner
// sees the thread and its highlight live and replies, the commenter resolves; Markup in a body
// stays text; deleting the quoted word shows the quote as removed.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { commentsPanel, doubleClickWord, threadOf } from './comment-helpers';
import {
  closeAll,
  createDocument,
  hasChromium,
  newUser,
  openDocument,
  RESULTS_DIR,
  SLOW_MS,
  share,
  type TestUser,
  useServerAndBrowser,
  waitForConnection,
} from './e2e-helpers';

const MARKDOWN = `# Payments platform review

## Context

We move card payments to the new platform.

## Decision

Use the managed queue for settlement.
`;

const XSS = '<img src=x onerror="window.__xss=1">';

const panel = commentsPanel;

const xssFlag = (page: Page) =>
  page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

describe.skipIf(!hasChromium)('comment threads', () => {
  const env = useServerAndBrowser();

  it('comments on a word, replies, resolves, keeps markup as text, shows a removed quote', async () => {
    const base = env.server.url;
    let owner: TestUser | undefined;
    let carol: TestUser | undefined;
    try {
      owner = await newUser(env.browser, base, 'Olivia');
      carol = await newUser(env.browser, base, 'Carol');
      const docId = await createDocument(base, { markdown: MARKDOWN }, owner);
      await share(base, docId, carol, 'commenter', owner);
      await openDocument(owner.page, docId);
      await carol.page.goto(`/d/${docId}`);
      await carol.page
        .locator('.review-doc[contenteditable="false"]')
        .waitFor({ timeout: SLOW_MS });
      await waitForConnection(carol.page, 'live');

      // The commenter selects "card" and comments with Ctrl+Alt+M.
      const carolParagraph = carol.page.locator('.review-doc p', { hasText: 'card payments' });
      await doubleClickWord(carol.page, carolParagraph, 'card');
      await carol.page.keyboard.press('Control+Alt+KeyM');
      const draft = panel(carol.page).getByRole('region', { name: 'New comment' });
      await draft.waitFor({ timeout: SLOW_MS });
      await expect.poll(() => draft.locator('.comment-quote').textContent()).toBe('card');
      await expect.poll(() => draft.textContent()).toContain('Context');
      await draft.getByRole('textbox', { name: 'Your comment' }).fill('Which **card** networks?');
      await draft.getByRole('button', { name: 'Comment' }).click();
      await threadOf(carol.page, 'card').waitFor({ timeout: SLOW_MS });
      await draft.waitFor({ state: 'detached' });

      // The owner sees it live: the highlight on the word, the count; clicking opens the thread.
      const ownerPage = owner.page;
      const highlight = ownerPage.locator('.review-doc .comment-highlight');
      await highlight.waitFor({ timeout: SLOW_MS });
      expect(await highlight.textContent()).toBe('card');
      await expect
        .poll(() => ownerPage.locator('.comments-toggle').textContent(), { timeout: SLOW_MS })
        .toMatch(/Comments\s*1/);
      await highlight.click();
      const ownerThread = threadOf(owner.page, 'card');
      await ownerThread.waitFor({ timeout: SLOW_MS });
      await expect.poll(() => ownerThread.getAttribute('data-focused')).toBe('true');
      const first = ownerThread.locator('.comment').first();
      expect(await first.locator('.comment__author').textContent()).toBe('Carol');
      expect(await first.locator('.comment__body').textContent()).toBe('Which card networks?');
      expect(await first.locator('.comment__body strong').textContent()).toBe('card');
      expect(await panel(owner.page).locator('.comments-section__title').allTextContents()).toEqual(
        ['Context'],
      );

      // The owner replies, with markup that must stay text.
      await ownerThread
        .getByRole('textbox', { name: 'Reply' })
        .fill(`Visa and **Mastercard** ${XSS}`);
      await ownerThread.getByRole('button', { name: 'Reply' }).click();
      const carolThread = threadOf(carol.page, 'card');
      const reply = carolThread.locator('.comment').nth(1);
      await reply.waitFor({ timeout: SLOW_MS });
      expect(await reply.locator('.comment__author').textContent()).toBe('Olivia');
      expect(await reply.locator('.comment__body').textContent()).toBe(
        `Visa and Mastercard ${XSS}`,
      );
      const pages = [owner.page, carol.page];
      for (const page of pages) {
        expect(await panel(page).locator('img').count()).toBe(0);
        expect(await xssFlag(page)).toBeUndefined();
      }

      // The commenter resolves her thread; the owner sees it under Resolved.
      await carolThread.getByRole('button', { name: 'Resolve' }).click();
      await carolThread.waitFor({ state: 'detached', timeout: SLOW_MS });
      await ownerThread.waitFor({ state: 'detached', timeout: SLOW_MS });
      await panel(owner.page)
        .getByRole('radio', { name: /^Resolved/ })
        .check();
      await expect
        .poll(() => ownerThread.getAttribute('data-resolved'), { timeout: SLOW_MS })
        .toBe('true');
      expect(await ownerThread.textContent()).toContain('Resolved by Carol');
      // Her own thread: she may reopen it. Neither can edit the other's comment.
      await panel(carol.page)
        .getByRole('radio', { name: /^Resolved/ })
        .check();
      await carolThread.getByRole('button', { name: 'Reopen' }).waitFor();
      expect(await carolThread.getByRole('button', { name: /^Edit/ }).count()).toBe(1);

      // The owner deletes the quoted word: the quote shows as removed, the highlight goes.
      const ownerParagraph = owner.page.locator('.review-doc p', {
        hasText: 'payments to the new',
      });
      await doubleClickWord(owner.page, ownerParagraph, 'card');
      await owner.page.keyboard.press('Backspace');
      await expect.poll(() => ownerParagraph.textContent()).toContain('move  payments');
      for (const page of pages) {
        const quote = threadOf(page, 'card').locator('.comment-quote');
        await expect
          .poll(() => quote.getAttribute('data-state'), { timeout: SLOW_MS })
          .toBe('removed');
        expect(await quote.locator('del').textContent()).toBe('card');
        expect(await quote.textContent()).toContain('removed');
        await expect
          .poll(() => page.locator('.review-doc .comment-highlight').count(), { timeout: SLOW_MS })
          .toBe(0);
      }
      for (const page of pages) expect(await xssFlag(page)).toBeUndefined();

      mkdirSync(RESULTS_DIR, { recursive: true });
      await panel(owner.page).screenshot({ path: path.join(RESULTS_DIR, 'comments-panel.png') });
      expect(owner.errors).toEqual([]);
      expect(carol.errors).toEqual([]);
    } finally {
      await closeAll(owner?.context, carol?.context);
    }
  });
});
