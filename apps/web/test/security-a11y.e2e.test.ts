import { describe, expect, it } from 'vitest';
import {
  apiFetch,
  caretAtEnd,
  closeAll,
  createDocument,
  exportMarkdown,
  hasChromium,
  newUser,
  openDocument,
  PROPAGATION_MS,
  SLOW_MS,
  seriousAxeViolations,
  share,
  TEST_PASSWORD,
  uniqueEmail,
  useServerAndBrowser,
  waitForSaved,
} from './e2e-helpers';

const HOSTILE_HTML = [
  '<p>pasted-safe <img src="x" onerror="window.__pwned = \'img\'">',
  '<a href="javascript:window.__pwned = \'link\'">evil link</a> ',
  '<a href=" JaVaScRiPt:window.__pwned = \'mixed\'">evil two</a> ',
  '<a href="https://example.com/ok" onclick="window.__pwned = \'click\'">good link</a>',
  '<span onmouseover="window.__pwned = \'hover\'">hover me</span></p>',
  '<script>window.__pwned = "script"</script>',
  '<iframe src="javascript:window.__pwned = \'iframe\'"></iframe>',
  '<svg onload="window.__pwned = \'svg\'"><circle r="5"></circle></svg>',
].join('');

/** Everything in the editor that could run code: event handlers, scripts, script URLs. */
function dangerousBits(page: import('playwright-core').Page) {
  return page.evaluate(() => {
    const root = document.querySelector('.review-doc');
    if (!root) return ['no editor'];
    const found: string[] = [];
    for (const el of root.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) {
        if (attr.toLowerCase().startsWith('on')) found.push(`${el.tagName} ${attr}`);
      }
      const href = el.getAttribute('href') ?? el.getAttribute('src') ?? '';
      // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers strip these in schemes
      if (/^[\s\u0000-\u001f]*(javascript|vbscript|data):/i.test(href))
        found.push(`${el.tagName} ${href}`);
      // Images are document content now (Markdown images): an <img> is fine as long as it has
      // no handler and no script or data URL, which the checks above catch.
      if (['SCRIPT', 'IFRAME', 'SVG', 'OBJECT', 'EMBED'].includes(el.tagName.toUpperCase())) {
        found.push(el.tagName);
      }
    }
    const pwned = (window as unknown as { __pwned?: string }).__pwned;
    if (pwned) found.push(`executed: ${pwned}`);
    return found;
  });
}

describe.skipIf(!hasChromium)('security, accessibility and the document list', () => {
  const env = useServerAndBrowser();

  it('neutralises pasted HTML with scripts, event handlers and javascript: links, for everyone', async () => {
    const id = await createDocument(env.server.url);
    const mallory = await newUser(env.browser, env.server.url, 'Mallory');
    const victim = await newUser(env.browser, env.server.url, 'Victor');
    await share(env.server.url, id, [mallory, victim]);
    try {
      await openDocument(mallory.page, id);
      await openDocument(victim.page, id);
      await caretAtEnd(mallory.page.locator('.review-doc h1'));
      await mallory.page.keyboard.press('Enter');
      await mallory.page.evaluate((html) => {
        const data = new DataTransfer();
        data.setData('text/html', html);
        data.setData('text/plain', 'pasted-safe');
        const target = document.querySelector('.review-doc');
        target?.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
      }, HOSTILE_HTML);

      for (const page of [mallory.page, victim.page]) {
        // The pasted paragraph, recognised by its safe link (another person's caret label may sit
        // inside its text, so the text is read without the carets).
        const pasted = page.locator('.review-doc p', {
          has: page.locator('a[href="https://example.com/ok"]'),
        });
        await pasted.waitFor({ timeout: PROPAGATION_MS });
        await expect
          .poll(
            () =>
              pasted.evaluate((p) => {
                const copy = p.cloneNode(true) as HTMLElement;
                for (const caret of copy.querySelectorAll('.remote-caret')) caret.remove();
                return copy.textContent;
              }),
            { timeout: PROPAGATION_MS, message: 'the pasted text, whole' },
          )
          .toBe('pasted-safe evil link evil two good linkhover me');
        expect(await dangerousBits(page)).toEqual([]);
        // The javascript: links are kept as plain text only.
        expect(await page.locator('.review-doc p', { hasText: 'evil link' }).count()).toBe(1);
        expect(await page.locator('.review-doc a', { hasText: 'evil' }).count()).toBe(0);
        // Clicking what is left runs nothing either.
        await page.locator('.review-doc', { hasText: 'evil link' }).getByText('evil link').click();
        await pasted.hover();
        expect(await dangerousBits(page)).toEqual([]);
      }
      await waitForSaved(mallory.page);
      const markdown = await (await exportMarkdown(env.server.url, id)).text();
      expect(markdown).toContain('[good link](https://example.com/ok)');
      expect(markdown.toLowerCase()).not.toContain('javascript:');
      expect(markdown).not.toContain('onerror');
    } finally {
      await closeAll(mallory.context, victim.context);
    }
  });

  it('refuses javascript: links from the toolbar and from imported Markdown', async () => {
    const id = await createDocument(env.server.url, {
      markdown:
        '# Imported\n\nA [bad](javascript:alert(1)) and a [good](https://example.org) link.\n',
    });
    const user = await newUser(env.browser, env.server.url, 'Olga');
    await share(env.server.url, id, [user]);
    try {
      await openDocument(user.page, id);
      const { page } = user;
      await page.locator('.review-doc a[href="https://example.org"]').waitFor({ timeout: SLOW_MS });
      expect(await dangerousBits(page)).toEqual([]);

      // Select the word "link" and try to link it to javascript:.
      await page.locator('.review-doc p').getByText('link.').dblclick();
      await page.getByRole('button', { name: 'Link', exact: true }).click();
      const input = page.getByLabel('Link', { exact: true });
      await input.fill('javascript:alert(document.domain)');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page
        .locator('.link-form [role="alert"]', { hasText: 'http, https or mailto' })
        .waitFor();
      expect(await page.locator('.review-doc a').count()).toBe(1);
      await input.fill('mailto:security@example.org');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.locator('.review-doc a[href="mailto:security@example.org"]').waitFor();
      expect(await dangerousBits(page)).toEqual([]);
    } finally {
      await closeAll(user.context);
    }
  });

  it('has no serious or critical axe-core violations on the list (with who is in a review) and the editor', async () => {
    const id = await createDocument(env.server.url, {
      title: 'Accessibility review',
      template: 'technical-architecture-framework',
    });
    const ana = await newUser(env.browser, env.server.url, 'Ana');
    const ben = await newUser(env.browser, env.server.url, 'Ben');
    await share(env.server.url, id, [ana, ben]);
    try {
      await ana.page.goto('/');
      await ana.page.locator('.doc-table a', { hasText: 'Accessibility review' }).waitFor({
        timeout: SLOW_MS,
      });
      expect(await seriousAxeViolations(ana.page)).toEqual([]);

      await openDocument(ana.page, id);
      await openDocument(ben.page, id);
      await ana.page.locator('.presence [data-peer-name="Ben"]').waitFor({ timeout: SLOW_MS });
      await ana.page.locator('.review-doc h1').click();
      await ben.page.locator('.review-doc h2').first().click();
      await ana.page.locator('.remote-caret', { hasText: 'Ben' }).waitFor({ timeout: SLOW_MS });
      await waitForSaved(ana.page);
      expect(await seriousAxeViolations(ana.page)).toEqual([]);

      // The same in the dark theme (following the system), with checklist states set and the
      // keyboard shortcuts dialog open, and on the list.
      await ana.page.emulateMedia({ colorScheme: 'dark' });
      await ana.page.locator('.check-button').first().click();
      await ana.page.locator('.check-button').nth(1).click();
      await ana.page.locator('.check-button').nth(1).click();
      await ana.page.locator('.checklist-item__row[data-state="not-applicable"]').waitFor();
      expect(
        await ana.page.evaluate(() => getComputedStyle(document.documentElement).colorScheme),
      ).toBe('light dark');
      expect(
        await ana.page.evaluate(
          () => getComputedStyle(document.querySelector('.review-doc') as Element).color,
        ),
      ).toBe('rgb(228, 232, 238)');
      expect(await seriousAxeViolations(ana.page)).toEqual([]);
      await ana.page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await ana.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      expect(await seriousAxeViolations(ana.page)).toEqual([]);
      await ana.page.keyboard.press('Escape');
      await ana.page.goto('/');
      await ana.page.locator('.doc-table a', { hasText: 'Accessibility review' }).waitFor({
        timeout: SLOW_MS,
      });
      expect(await seriousAxeViolations(ana.page)).toEqual([]);
      await ana.page.emulateMedia({ colorScheme: 'light' });

      // Back on the list, Ana sees who is in the review now, and the list stays accessible.
      await ana.page.goto('/');
      await ana.page
        .locator(`tr[data-doc-id="${id}"] .present-list li`, { hasText: 'Ben' })
        .waitFor({ timeout: SLOW_MS });
      expect(await seriousAxeViolations(ana.page)).toEqual([]);

      // A first-time visitor follows a share link: sign-in, sign-up and the invitation.
      const created = await apiFetch(env.server.url, `/api/docs/${id}/invites`, {
        method: 'POST',
        body: { role: 'editor', expiresInHours: 24 },
      });
      expect(created.status).toBe(201);
      const { url } = (await created.json()) as { url: string };
      const fresh = await env.browser.newContext({ baseURL: env.server.url });
      try {
        const page = await fresh.newPage();
        await page.goto(url);
        await page
          .getByRole('heading', { name: 'Sign in to Ratify' })
          .waitFor({ timeout: SLOW_MS });
        expect(await seriousAxeViolations(page)).toEqual([]);
        await page.getByRole('link', { name: 'Create an account' }).click();
        await page.getByLabel('Name', { exact: true }).waitFor({ timeout: SLOW_MS });
        expect(await seriousAxeViolations(page)).toEqual([]);
        await page.getByLabel('Name', { exact: true }).fill('Cleo');
        await page.getByLabel('Email', { exact: true }).fill(uniqueEmail('Cleo'));
        await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
        await page.getByRole('button', { name: 'Create account' }).click();
        const open = page.getByRole('button', { name: 'Open the review' });
        await open.waitFor({ timeout: SLOW_MS });
        expect(await seriousAxeViolations(page)).toEqual([]);
        await open.click();
        // Her account's name is who the others see.
        await page.locator('.presence [data-peer-name="Cleo"]').waitFor({ timeout: SLOW_MS });
        await ben.page.locator('.presence [data-peer-name="Cleo"]').waitFor({ timeout: SLOW_MS });
      } finally {
        await fresh.close();
      }
    } finally {
      await closeAll(ana.context, ben.context);
    }
  });

  it('lists, creates from the template, imports Markdown and deletes with confirmation', async () => {
    const user = await newUser(env.browser, env.server.url, 'Lena');
    const { page } = user;
    try {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Architecture reviews' }).waitFor();
      // The list does not load the editor chunk.
      const scripts = await page.evaluate(() =>
        performance.getEntriesByType('resource').map((entry) => entry.name),
      );
      expect(scripts.some((name) => /EditorRoute|ReviewEditor/.test(name))).toBe(false);

      await page.getByLabel('Title', { exact: true }).fill('Payments platform');
      await page.getByRole('button', { name: 'Create review' }).click();
      await page.waitForURL(/\/d\/[A-Za-z0-9_-]+$/, { timeout: SLOW_MS });
      await page
        .locator('.review-doc h1', { hasText: 'Technical Architecture Framework' })
        .waitFor({ timeout: SLOW_MS });
      await page.locator('.topbar__title', { hasText: 'Payments platform' }).waitFor();
      const createdId = new URL(page.url()).pathname.split('/').pop() ?? '';

      await page.getByRole('link', { name: 'Ratify' }).click();
      await page.getByRole('link', { name: 'Payments platform' }).waitFor({ timeout: SLOW_MS });

      await page.getByLabel('Title', { exact: true }).fill('');
      await page.locator('input[type="file"]').setInputFiles({
        name: 'security-review.md',
        mimeType: 'text/markdown',
        buffer: Buffer.from('# Security review\n\n## Threats\n\n- [x] STRIDE done\n- Owner: Sam\n'),
      });
      await page.waitForURL(/\/d\/[A-Za-z0-9_-]+$/, { timeout: SLOW_MS });
      await page
        .locator('.review-doc h1', { hasText: 'Security review' })
        .waitFor({ timeout: SLOW_MS });
      await page.locator('.check-button[data-state="done"]').waitFor();
      // Named after the file's # heading, not the file name.
      await page.locator('.topbar__title', { hasText: 'Security review' }).waitFor();

      // Bad Markdown is refused with the server's message.
      await page.getByRole('link', { name: 'Ratify' }).click();
      await page.locator('input[type="file"]').setInputFiles({
        name: 'bad.md',
        mimeType: 'text/markdown',
        buffer: Buffer.from('a\u0000b'),
      });
      await page.locator('[role="alert"]', { hasText: /NUL/i }).waitFor({ timeout: SLOW_MS });

      // Delete asks first; cancel keeps it.
      const row = page.locator('tr', { hasText: 'Payments platform' });
      await row.getByRole('button', { name: 'Delete Payments platform' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete this review?' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      // (Read as the test owner, the administrator, who sees every document.)
      expect((await apiFetch(env.server.url, `/api/docs/${createdId}`)).status).toBe(200);

      await row.getByRole('button', { name: 'Delete Payments platform' }).click();
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await row.waitFor({ state: 'detached', timeout: SLOW_MS });
      expect((await apiFetch(env.server.url, `/api/docs/${createdId}`)).status).toBe(404);
      await page.getByRole('link', { name: 'Security review' }).waitFor();

      // Opening the deleted document says so.
      await page.goto(`/d/${createdId}`);
      await page.getByRole('heading', { name: 'Document not found' }).waitFor({ timeout: SLOW_MS });
      expect(user.errors).toEqual([]);
    } finally {
      await closeAll(user.context);
    }
  });
});
