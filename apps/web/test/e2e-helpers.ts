import path from 'node:path';
import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Locator,
  Page,
} from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  CHROMIUM_PATH,
  hasChromium,
  launchBrowser,
  type RunningServer,
  startServer,
  WEB_ROOT,
} from './harness';

export * from './harness';

export const AXE_PATH = path.join(WEB_ROOT, 'node_modules/axe-core/axe.min.js');
export const RESULTS_DIR = path.join(WEB_ROOT, 'test-results');

// CI installs Chromium; there a missing browser is a failure, not a skip.
if (!hasChromium && process.env.CI) {
  throw new Error(`[e2e] no Chromium at ${CHROMIUM_PATH}, and CI must run the browser tests`);
}
if (!hasChromium) {
  console.warn(
    `[e2e] SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium or set CHROMIUM_PATH.`,
  );
}

/** A collaborator's update must show up for the others within this time. */
export const PROPAGATION_MS = 1_000;
/** Generous bound for page loads, reconnects and saves on a slow CI core. */
export const SLOW_MS = 15_000;

/**
 * One built server (temp data dir) and one Chromium for the suite that calls this, started
 * before its tests and stopped after them. Read `server` and `browser` inside tests.
 */
export function useServerAndBrowser(): { server: RunningServer; browser: Browser } {
  const env = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** A browser context whose user already chose a display name. */
export async function newUser(
  browser: Browser,
  baseURL: string,
  name: string,
  contextOptions: BrowserContextOptions = {},
) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 900 },
    ...contextOptions,
  });
  await context.addInitScript((displayName) => {
    window.localStorage.setItem('ratify.displayName', displayName);
  }, name);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

export async function createDocument(
  baseURL: string,
  body: Record<string, string> = { template: 'technical-architecture-framework' },
): Promise<string> {
  const response = await fetch(`${baseURL}/api/docs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}

/** Open a document and wait until it is editable and live. */
export async function openDocument(page: Page, id: string): Promise<void> {
  await page.goto(`/d/${id}`);
  await page.locator('.review-doc[contenteditable="true"]').waitFor({ timeout: SLOW_MS });
  await waitForConnection(page, 'live');
}

export async function waitForConnection(page: Page, state: 'live' | 'offline' | 'connecting') {
  await page.locator(`.sync-status[data-connection="${state}"]`).waitFor({ timeout: SLOW_MS });
}

export async function waitForSaved(page: Page, timeout = SLOW_MS) {
  await page.locator('.sync-status[data-save="saved"]').waitFor({ timeout });
}

/** The field node with this label. */
export const field = (page: Page, label: string) =>
  page.locator('.field', { has: page.locator('.field__label', { hasText: `${label}:` }) });

/** The checklist item whose text is exactly this. */
export const checklistItem = (page: Page, text: string) =>
  page.locator('li.checklist-item', {
    has: page.locator('.checklist-item__text', { hasText: new RegExp(`^${text}$`) }),
  });

/**
 * Click just inside the end of this element's last character, as a user would to continue
 * typing there, and wait until the caret really is at the end.
 */
export async function caretAtEnd(locator: Locator): Promise<void> {
  await locator.scrollIntoViewIfNeeded();
  const handle = await locator.elementHandle();
  if (!handle) throw new Error('caretAtEnd: no element');
  // Where the element's last character ends, and whether the caret is there (carets' labels
  // of other users are not text of the document).
  const probe = (el: Element, mode: 'point' | 'check') => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) =>
        node.parentElement?.closest('.remote-caret') || !node.textContent
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT,
    });
    let last: Text | null = null;
    while (walker.nextNode()) last = walker.currentNode as Text;
    if (!last) return null;
    if (mode === 'check') {
      const selection = window.getSelection();
      const atEnd =
        selection?.isCollapsed === true &&
        selection.focusNode === last &&
        selection.focusOffset === last.length;
      return atEnd ? { x: 0, y: 0 } : null;
    }
    const range = document.createRange();
    range.setStart(last, last.length - 1);
    range.setEnd(last, last.length);
    const rect = range.getBoundingClientRect();
    return { x: rect.right - 1, y: rect.top + rect.height / 2 };
  };
  const point = await handle.evaluate(probe, 'point' as const);
  if (!point) {
    await locator.click();
    return;
  }
  await locator.page().mouse.click(point.x, point.y);
  await expect
    .poll(() => handle.evaluate(probe, 'check' as const), { timeout: SLOW_MS })
    .not.toBeNull();
}

/** The document text without remote carets' labels. */
export function documentText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.querySelector('.review-doc');
    if (!root) return '';
    const copy = root.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.remote-caret')) caret.remove();
    return copy.textContent ?? '';
  });
}

/**
 * Wait until every earlier y-indexeddb write to this document is committed: IndexedDB runs
 * transactions over the same store in creation order, so a later read completes after them.
 */
export async function flushIndexedDb(page: Page, docId: string): Promise<void> {
  await page.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction(['updates'], 'readonly');
          tx.objectStore('updates').count();
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    `ratify:${docId}`,
  );
}

export type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown }[];
};

/** Run axe-core on the page; returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function closeAll(...contexts: (BrowserContext | undefined)[]) {
  for (const context of contexts) await context?.close().catch(() => {});
}
