// Helpers of the comments and review-flow browser tests: the comments panel, selecting a word
// as a user does, and the notifications bell.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { SLOW_MS } from './e2e-helpers';

export const commentsPanel = (page: Page) => page.locator('#comments-panel');

/** The thread in the comments panel that quotes `quote`. */
export const threadOf = (page: Page, quote: string) =>
  commentsPanel(page).locator('.comment-thread', {
    has: page.locator('.comment-quote', { hasText: quote }),
  });

/** Double-click a word of the document, as a user selecting it. */
export async function doubleClickWord(page: Page, paragraph: Locator, word: string) {
  await paragraph.scrollIntoViewIfNeeded();
  const point = await paragraph.evaluate((el, w) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode as Text;
      const at = node.data.indexOf(w);
      if (at === -1) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + w.length);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }
    return null;
  }, word);
  if (!point) throw new Error(`no "${word}" in the paragraph`);
  await page.mouse.dblclick(point.x, point.y);
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe(word);
}

export async function openComments(page: Page) {
  const toggle = page.locator('.comments-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await commentsPanel(page).waitFor({ timeout: SLOW_MS });
}

export const bellButton = (page: Page) => page.getByRole('button', { name: /^Notifications/ });
export const bellPanel = (page: Page) => page.locator('.bell__panel');

/** The bell's unread count, as the server last said it. */
export async function bellUnread(page: Page): Promise<number> {
  return Number((await bellButton(page).getAttribute('data-unread')) ?? 'NaN');
}

/** Open the bell's popover (the list is read again as it opens). */
export async function openBell(page: Page) {
  const button = bellButton(page);
  await button.waitFor({ timeout: SLOW_MS });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await bellPanel(page).waitFor({ state: 'visible', timeout: SLOW_MS });
}

/** The popover's item of this kind whose text contains `text`. */
export const bellItem = (page: Page, kind: string, text: string | RegExp) =>
  bellPanel(page).locator(`.bell__item[data-kind="${kind}"]`, { hasText: text });
