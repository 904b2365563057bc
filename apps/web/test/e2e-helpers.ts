import { readFileSync } from 'node:fs';
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
    if (env.server) testOwners.delete(env.server.url);
    await env.server?.stop();
  });
  return env;
}

/** A short review with three sections, a checklist item and a field (history and templates). */
export const PAYMENTS_REVIEW_MARKDOWN = `# Payments review

## Context

The ledger keeps every payment.

## Decision

- [ ] Load balancing
- Framework: React

## Risks

Vendor lock-in for the queue.
`;

/** Every test account's password: long enough, and on no common-password list. */
export const TEST_PASSWORD = 'plum-lantern-harbour-42';

export type DocRole = 'owner' | 'editor' | 'commenter' | 'viewer';

/** An account as the server describes it (`/api/auth/me`). */
export interface Account {
  id: string;
  email: string;
  name: string;
  color: string;
  isAdmin: boolean;
}

/** A signed-in account and its bearer token, for API calls made by the test itself. */
export interface ApiAccount {
  user: Account;
  token: string;
}

/** A unique address per account (tests of one server share its accounts). */
export const uniqueEmail = (name: string) =>
  `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Math.random().toString(36).slice(2, 10)}@example.test`;

/** Sign up an account over the API (no browser); the token authenticates later calls. */
export async function signUpAccount(
  baseURL: string,
  name: string,
  email = uniqueEmail(name),
): Promise<ApiAccount> {
  const response = await fetch(`${baseURL}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD, name }),
  });
  if (response.status !== 201) {
    throw new Error(`sign-up of ${email} failed: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as ApiAccount;
}

const testOwners = new Map<string, Promise<ApiAccount>>();

/**
 * The server's "test owner": its first account, created on first use, which creates the tests'
 * documents and gives the tests' users their roles. Being first it is also the instance
 * administrator (who sees every document), so no test user ever is one by accident.
 */
export function testOwner(baseURL: string): Promise<ApiAccount> {
  let owner = testOwners.get(baseURL);
  if (!owner) {
    owner = signUpAccount(baseURL, 'Test Owner');
    testOwners.set(baseURL, owner);
    // A failed sign-up must not stick: the next caller tries again (and reports its error).
    owner.catch(() => testOwners.delete(baseURL));
  }
  return owner;
}

/**
 * An API request with a bearer token (the test owner's unless `as` is given): not the cookie,
 * so the server's same-origin check for cookie-authenticated changes does not apply.
 */
export async function apiFetch(
  baseURL: string,
  path: string,
  init: { method?: string; body?: unknown; as?: ApiAccount } = {},
): Promise<Response> {
  const account = init.as ?? (await testOwner(baseURL));
  return fetch(`${baseURL}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${account.token}`,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

export interface TestUser {
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** The account, signed in in `context` (its session cookie is there). */
  user: Account;
  /** A bearer token of the same account, for the test's own API calls. */
  token: string;
}

/**
 * A browser context signed in as a new account named `name` (unique email). The account has
 * access to nothing yet: give it a role with `share`.
 */
export async function newUser(
  browser: Browser,
  baseURL: string,
  name: string,
  contextOptions: BrowserContextOptions = {},
): Promise<TestUser> {
  // The first account of a server becomes its administrator: make sure that is the test owner.
  await testOwner(baseURL);
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 900 },
    ...contextOptions,
  });
  // Through the context's request API, so the session cookie lands in the context.
  const response = await context.request.post('/api/auth/signup', {
    data: { email: uniqueEmail(name), password: TEST_PASSWORD, name },
  });
  if (response.status() !== 201) {
    await context.close();
    throw new Error(`sign-up of ${name} failed: ${response.status()} ${await response.text()}`);
  }
  const { user, token } = (await response.json()) as ApiAccount;
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors, user, token };
}

/** Create a document as the test owner (or `as`); nobody else has access until shared. */
export async function createDocument(
  baseURL: string,
  body: Record<string, string> = { template: 'technical-architecture-framework' },
  as?: ApiAccount,
): Promise<string> {
  const response = await apiFetch(baseURL, '/api/docs', {
    method: 'POST',
    body,
    ...(as ? { as } : {}),
  });
  if (response.status !== 201) {
    throw new Error(`create failed: ${response.status} ${await response.text()}`);
  }
  return ((await response.json()) as { id: string }).id;
}

/** Make these users members of the document with `role`, as its owner (the test owner by default). */
export async function share(
  baseURL: string,
  docId: string,
  users: { user: Account } | { user: Account }[],
  role: DocRole = 'editor',
  as?: ApiAccount,
): Promise<void> {
  for (const { user } of Array.isArray(users) ? users : [users]) {
    const response = await apiFetch(baseURL, `/api/docs/${docId}/members`, {
      method: 'POST',
      body: { email: user.email, role },
      ...(as ? { as } : {}),
    });
    if (response.status !== 201) {
      throw new Error(
        `sharing with ${user.email} failed: ${response.status} ${await response.text()}`,
      );
    }
  }
}

/** The document's Markdown export, read as the test owner. */
export async function exportMarkdown(baseURL: string, docId: string): Promise<Response> {
  return apiFetch(baseURL, `/api/docs/${docId}/export.md`);
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
      // The caret is there, and keystrokes will reach it: the editable root has the focus.
      const editable = el.closest('[contenteditable="true"]');
      const atEnd =
        selection?.isCollapsed === true &&
        selection.focusNode === last &&
        selection.focusOffset === last.length &&
        editable !== null &&
        document.activeElement === editable;
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
    .poll(() => handle.evaluate(probe, 'check' as const), {
      timeout: SLOW_MS,
      message: 'the caret at the end of the text, in the focused editor',
    })
    .not.toBeNull();
}

/** Wait until a flashed remote caret (the presence list's "go to") is on screen. */
export async function flashedCaretInView(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const el = document.querySelector('.remote-caret--flash');
      if (!el) return false;
      const rect = el.getBoundingClientRect();
      return rect.top >= 0 && rect.bottom <= window.innerHeight;
    },
    undefined,
    { timeout: SLOW_MS },
  );
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

let axeSource: string | undefined;

/** Run axe-core on the page; returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the debugging protocol, which the page's Content-Security-Policy (no
  // inline scripts) does not apply to, unlike an injected <script> tag.
  axeSource ??= readFileSync(AXE_PATH, 'utf8');
  await page.evaluate(axeSource);
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
