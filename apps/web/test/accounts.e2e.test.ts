// Accounts and document roles (issue 14): the first account of a new install, signing in and
// out, share links, and role changes reaching an open editor without a reload.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ConsoleMessage, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  caretAtEnd,
  closeAll,
  createDocument,
  documentText,
  hasChromium,
  newUser,
  openDocument,
  RESULTS_DIR,
  SLOW_MS,
  seriousAxeViolations,
  share,
  TEST_PASSWORD,
  type TestUser,
  uniqueEmail,
  useServerAndBrowser,
  waitForConnection,
  waitForSaved,
} from './e2e-helpers';

const TEMPLATE = { template: 'technical-architecture-framework' };

/** Console messages about the Content-Security-Policy (a blocked inline script or style). */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

/** A mark on the page's window: still there means the page was not reloaded. */
const markPage = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { __ratifyMark?: boolean }).__ratifyMark = true;
  });
const stillMarked = (page: Page) =>
  page.evaluate(() => (window as unknown as { __ratifyMark?: boolean }).__ratifyMark === true);

const badge = (page: Page) => page.getByTestId('read-only-badge');

/** Type into the document's main heading, at its end. */
async function typeInHeading(page: Page, text: string) {
  await caretAtEnd(page.locator('.review-doc h1').first());
  await page.keyboard.type(text);
}

/** Open the Members dialog of the open document. */
async function openMembers(page: Page) {
  await page.getByRole('button', { name: 'Members' }).click();
  const dialog = page.getByRole('dialog', { name: 'Members and sharing' });
  await dialog.waitFor();
  await dialog.locator('.member').first().waitFor({ timeout: SLOW_MS });
  return dialog;
}

/**
 * Wait until `from`'s typing reached `to`: proof that anything sent before it was delivered (or
 * refused), so checking that something else did not arrive needs no fixed wait.
 */
async function barrier(from: Page, to: Page, marker: string) {
  await typeInHeading(from, marker);
  await expect
    .poll(() => documentText(to), { timeout: SLOW_MS, message: `${marker} arrives` })
    .toContain(marker);
}

describe.skipIf(!hasChromium)('a new install', () => {
  const env = useServerAndBrowser();

  it('leads to creating the administrator account, then signs out and back in', async () => {
    const context = await env.browser.newContext({
      baseURL: env.server.url,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const csp = watchCsp(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const email = uniqueEmail('Ada');
    try {
      // Every route of a fresh install leads to the first account.
      await page.goto('/d/nothing-here');
      await page.waitForURL(/\/signup(\?|$)/, { timeout: SLOW_MS });
      await page.goto('/');
      await page.waitForURL(/\/signup$/, { timeout: SLOW_MS });
      await page
        .getByRole('heading', { name: 'Create the administrator account' })
        .waitFor({ timeout: SLOW_MS });
      await page.getByText('administrator', { exact: false }).first().waitFor();

      // A weak password is refused with the server's message.
      await page.getByLabel('Name', { exact: true }).fill('Ada Admin');
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill('password12');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('alert').waitFor({ timeout: SLOW_MS });
      expect(await page.getByRole('alert').textContent()).toMatch(/password/i);

      await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page
        .getByRole('heading', { name: 'Architecture reviews' })
        .waitFor({ timeout: SLOW_MS });
      await page.getByRole('button', { name: 'Ada Admin (account)' }).waitFor();

      // The administrator creates a review and edits it.
      await page.getByLabel('Title', { exact: true }).fill('First review');
      await page.getByRole('button', { name: 'Create review' }).click();
      await page.waitForURL(/\/d\/[A-Za-z0-9_-]+$/, { timeout: SLOW_MS });
      await page.locator('.review-doc[contenteditable="true"]').waitFor({ timeout: SLOW_MS });
      await page.locator('.sync-status[data-connection="live"]').waitFor({ timeout: SLOW_MS });
      expect(await badge(page).count()).toBe(0);
      await page.getByRole('button', { name: 'Members' }).waitFor();
      await typeInHeading(page, ' by Ada');
      await waitForSaved(page);
      // Her account's name and colour are her presence.
      await page.locator('.presence [data-peer-name="Ada Admin"]').waitFor({ timeout: SLOW_MS });

      // The account menu says who is signed in, and signs out.
      await page.getByRole('button', { name: 'Ada Admin (account)' }).click();
      await page.getByText(email).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/signin$/, { timeout: SLOW_MS });
      await page.getByRole('heading', { name: 'Sign in to Ratify' }).waitFor({ timeout: SLOW_MS });
      // Signed out, the list is not shown.
      await page.goto('/');
      await page.waitForURL(/\/signin$/, { timeout: SLOW_MS });

      // A wrong password says so.
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill('not-the-password-1');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: /wrong email or password/i })
        .waitFor({ timeout: SLOW_MS });

      // The right one signs in; the review is there, hers.
      await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const row = page.locator('.doc-table tr', { hasText: 'First review' });
      await row.waitFor({ timeout: SLOW_MS });
      expect(await row.locator('.doc-role').textContent()).toBe('Owner');
      await row.getByRole('button', { name: 'Delete First review' }).waitFor();
      await row.getByRole('link', { name: 'First review' }).click();
      await page.locator('.review-doc h1', { hasText: 'by Ada' }).waitFor({ timeout: SLOW_MS });

      expect(csp).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe.skipIf(!hasChromium)('roles and sharing', () => {
  const env = useServerAndBrowser();

  it('a commenter joins through a share link and reads the review read-only; typing or a raw client with their token changes nothing', async () => {
    const olive = await newUser(env.browser, env.server.url, 'Olive', {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const carl = await newUser(env.browser, env.server.url, 'Carl');
    const csp = [olive, carl].map((u) => watchCsp(u.page));
    try {
      const id = await createDocument(
        env.server.url,
        { ...TEMPLATE, title: 'Shared review' },
        olive,
      );
      await openDocument(olive.page, id);

      // Olive creates a commenter link in the Members dialog and copies it.
      const dialog = await openMembers(olive.page);
      await dialog.getByLabel('Link role').selectOption('commenter');
      await dialog.getByLabel('Expires after').selectOption('24');
      await dialog.getByRole('button', { name: 'Create link' }).click();
      const linkInput = dialog.getByLabel(/New commenter link/);
      await linkInput.waitFor({ timeout: SLOW_MS });
      const url = await linkInput.inputValue();
      expect(url).toMatch(new RegExp(`^${env.server.url}/invite/[A-Za-z0-9_-]+$`));
      await dialog.getByRole('button', { name: 'Copy' }).click();
      await dialog.getByText('Copied to the clipboard.').waitFor();
      expect(await olive.page.evaluate(() => navigator.clipboard.readText())).toBe(url);
      await dialog.locator('.link', { hasText: 'Commenter link, expires' }).waitFor();
      expect(await seriousAxeViolations(olive.page)).toEqual([]);
      mkdirSync(RESULTS_DIR, { recursive: true });
      await olive.page.screenshot({ path: path.join(RESULTS_DIR, 'members-dialog.png') });
      await olive.page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });

      // Carl opens it: the invitation names the review and the role, and joins when asked.
      await carl.page.goto(url);
      await carl.page.getByRole('heading', { name: 'Shared review' }).waitFor({ timeout: SLOW_MS });
      expect(await carl.page.getByTestId('invite-role').textContent()).toBe('Commenter');
      await carl.page.getByRole('button', { name: 'Open the review' }).click();
      await carl.page.waitForURL(new RegExp(`/d/${id}$`), { timeout: SLOW_MS });
      await carl.page.locator('.review-doc[contenteditable="false"]').waitFor({ timeout: SLOW_MS });
      await carl.page.locator('.sync-status[data-connection="live"]').waitFor({ timeout: SLOW_MS });
      expect(await badge(carl.page).textContent()).toBe('Read-only — you are a commenter');
      expect(await carl.page.getByRole('button', { name: 'Members' }).count()).toBe(0);
      expect(await seriousAxeViolations(carl.page)).toEqual([]);

      // Typing changes nothing, for him or for Olive.
      const before = await documentText(olive.page);
      await carl.page.locator('.review-doc h1').first().click();
      await carl.page.keyboard.type('CARLWASHERE');
      expect(await documentText(carl.page)).not.toContain('CARLWASHERE');
      await barrier(olive.page, carl.page, ' (olive)');
      // Olive's text is what it was plus her own marker, nothing else.
      expect((await documentText(olive.page)).length).toBe(before.length + ' (olive)'.length);
      expect(await documentText(olive.page)).not.toContain('CARLWASHERE');
      await expect.poll(() => documentText(carl.page)).toContain(' (olive)');

      // Bypassing the UI changes nothing either: a raw y-websocket connection with a document
      // token of Carl's sends an update, and the server refuses it (permission denied, 4403).
      const forged = new Y.Doc();
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('RAWCLIENT')]);
      forged.getXmlFragment('content').push([paragraph]);
      const update = Y.encodeStateAsUpdate(forged);
      const frame = [0, 2, ...varUint(update.length), ...update];
      const outcome = await carl.page.evaluate(
        async ({ docId, bearer, bytes }) => {
          const minted = await fetch(`/api/docs/${docId}/token`, {
            method: 'POST',
            headers: { authorization: `Bearer ${bearer}` },
          });
          const { token } = (await minted.json()) as { token: string };
          const url = `${location.origin.replace(/^http/, 'ws')}/sync/${docId}?token=${token}`;
          const socket = new WebSocket(url);
          socket.binaryType = 'arraybuffer';
          const received: number[] = [];
          return new Promise<{ code: number; reason: string; received: number[] }>((resolve) => {
            socket.onopen = () => socket.send(new Uint8Array(bytes));
            socket.onmessage = (event) => received.push(new Uint8Array(event.data)[0] ?? -1);
            socket.onclose = (event) =>
              resolve({ code: event.code, reason: event.reason, received });
          });
        },
        { docId: id, bearer: carl.token, bytes: frame },
      );
      expect(outcome.code).toBe(4403);
      expect(outcome.reason).toMatch(/commenter may not change/);
      expect(outcome.received).toContain(2); // y-protocols' permission-denied message
      await barrier(olive.page, carl.page, ' (after the raw client)');
      expect(await documentText(olive.page)).not.toContain('RAWCLIENT');

      // On his list the review shows his role, and no Delete.
      await carl.page.goto('/');
      const row = carl.page.locator('.doc-table tr', { hasText: 'Shared review' });
      await row.waitFor({ timeout: SLOW_MS });
      expect(await row.locator('.doc-role').textContent()).toBe('Commenter');
      expect(await row.getByRole('button', { name: /Delete/ }).count()).toBe(0);

      expect(csp.flat()).toEqual([]);
      expect([...olive.errors, ...carl.errors]).toEqual([]);
    } finally {
      await closeAll(olive.context, carl.context);
    }
  });

  it('a role change reaches an open editor without a reload; removal says access was removed', async () => {
    const olive = await newUser(env.browser, env.server.url, 'Olive');
    const eddie = await newUser(env.browser, env.server.url, 'Eddie');
    try {
      const id = await createDocument(
        env.server.url,
        { ...TEMPLATE, title: 'Roles review' },
        olive,
      );
      await share(env.server.url, id, eddie, 'editor', olive);
      await openDocument(olive.page, id);
      await openDocument(eddie.page, id);
      await markPage(eddie.page);
      await barrier(eddie.page, olive.page, ' [eddie]');

      // Downgraded to viewer: his editor turns read-only, and what he types reaches nobody.
      const setRole = async (who: TestUser, role: string) => {
        const dialog = await openMembers(olive.page);
        await dialog.getByLabel(`Role of ${who.user.name}`).selectOption(role);
        await expect
          .poll(() => dialog.getByLabel(`Role of ${who.user.name}`).inputValue(), {
            timeout: SLOW_MS,
          })
          .toBe(role);
        await olive.page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
      };
      await setRole(eddie, 'viewer');
      await badge(eddie.page).filter({ hasText: 'you are a viewer' }).waitFor({ timeout: SLOW_MS });
      await eddie.page
        .locator('.review-doc[contenteditable="false"]')
        .waitFor({ timeout: SLOW_MS });
      await eddie.page
        .locator('.sync-status[data-connection="live"]')
        .waitFor({ timeout: SLOW_MS });
      await eddie.page.locator('.review-doc h1').first().click();
      await eddie.page.keyboard.type('LEAKED');
      await barrier(olive.page, eddie.page, ' [olive]');
      expect(await documentText(olive.page)).not.toContain('LEAKED');
      expect(await documentText(eddie.page)).not.toContain('LEAKED');

      // Back to editor: editable again, and his typing arrives.
      await setRole(eddie, 'editor');
      await eddie.page.locator('.review-doc[contenteditable="true"]').waitFor({ timeout: SLOW_MS });
      expect(await badge(eddie.page).count()).toBe(0);
      await waitForConnection(eddie.page, 'live');
      await barrier(eddie.page, olive.page, ' [eddie again]');
      expect(await stillMarked(eddie.page)).toBe(true);

      // Removed: his page says so, still without a reload.
      const dialog = await openMembers(olive.page);
      await dialog.getByRole('button', { name: `Remove ${eddie.user.name}` }).click();
      await dialog
        .locator('.member', { hasText: eddie.user.name })
        .waitFor({ state: 'detached', timeout: SLOW_MS });
      await eddie.page
        .getByRole('alert')
        .filter({ hasText: 'Your access to this review was removed' })
        .waitFor({ timeout: SLOW_MS });
      expect(await badge(eddie.page).textContent()).toMatch(/access removed/);
      expect(await stillMarked(eddie.page)).toBe(true);
      expect([...olive.errors, ...eddie.errors]).toEqual([]);
    } finally {
      await closeAll(olive.context, eddie.context);
    }
  });

  it('signing out in another tab sends the open editor to sign-in, and back after', async () => {
    const sam = await newUser(env.browser, env.server.url, 'Sam');
    try {
      const id = await createDocument(env.server.url, { ...TEMPLATE, title: 'Tabs review' });
      await share(env.server.url, id, sam);
      await openDocument(sam.page, id);
      const other = await sam.context.newPage();
      await other.goto('/');
      await other.getByRole('button', { name: 'Sam (account)' }).click();
      await other.getByRole('button', { name: 'Sign out' }).click();
      await other.waitForURL(/\/signin$/, { timeout: SLOW_MS });
      // The server closes the editor's connection (4401): it goes to sign-in, to come back.
      await sam.page.waitForURL(new RegExp(`/signin\\?next=%2Fd%2F${id}$`), { timeout: SLOW_MS });
      await sam.page.getByLabel('Email', { exact: true }).fill(sam.user.email);
      await sam.page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
      await sam.page.getByRole('button', { name: 'Sign in' }).click();
      await sam.page.waitForURL(new RegExp(`/d/${id}$`), { timeout: SLOW_MS });
      await sam.page.locator('.review-doc[contenteditable="true"]').waitFor({ timeout: SLOW_MS });
      expect(sam.errors).toEqual([]);
    } finally {
      await closeAll(sam.context);
    }
  });

  it("runs under the server's Content-Security-Policy with no violations, theme before first paint included", async () => {
    const dana = await newUser(env.browser, env.server.url, 'Dana');
    const { page } = dana;
    const csp = watchCsp(page);
    try {
      const id = await createDocument(env.server.url, {
        markdown: '# Under CSP\n\n```mermaid\ngraph TD\n  A-->B\n```\n',
      });
      await share(env.server.url, id, dana);
      const listPage = await page.goto('/');
      const policy = (await listPage?.allHeaders())?.['content-security-policy'] ?? '';
      expect(policy).toContain("script-src 'self'");
      await page.locator('.doc-table a', { hasText: 'Under CSP' }).waitFor({ timeout: SLOW_MS });
      await page.evaluate(() => localStorage.setItem('ratify.theme', 'dark'));
      await openDocument(page, id);
      await page.locator('.mermaid-block__screen svg').first().waitFor({ timeout: SLOW_MS });
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(csp).toEqual([]);
      expect(dana.errors).toEqual([]);
      // The policy is in force: an injected inline script does not run.
      const evaluated = await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true';
        document.head.append(script);
        return (window as unknown as { __inlineRan?: boolean }).__inlineRan ? 'ran' : 'refused';
      });
      expect(evaluated).toBe('refused');
    } finally {
      await closeAll(dana.context);
    }
  });
});

/** An unsigned LEB128 integer, as lib0 writes lengths in y-protocols frames. */
function varUint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return bytes;
}
