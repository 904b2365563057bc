// A review's title lives in the document (the Y.Doc's `meta` map): renaming syncs live, the
// server keeps the list in step, and an import is named after the file's `#` heading.
import { describe, expect, it } from 'vitest';
import {
  apiFetch,
  closeAll,
  createDocument,
  hasChromium,
  newUser,
  openDocument,
  PROPAGATION_MS,
  SLOW_MS,
  share,
  useServerAndBrowser,
  waitForSaved,
} from './e2e-helpers';

describe.skipIf(!hasChromium)('review titles', () => {
  const env = useServerAndBrowser();

  it('Alice renames the review, Bob sees it live, and the list shows it after a reload', async () => {
    const id = await createDocument(env.server.url, {
      title: 'Quarterly review',
      template: 'technical-architecture-framework',
    });
    const alice = await newUser(env.browser, env.server.url, 'Alice');
    const bob = await newUser(env.browser, env.server.url, 'Bob');
    await share(env.server.url, id, [alice, bob]);
    try {
      await openDocument(alice.page, id);
      await openDocument(bob.page, id);
      for (const { page } of [alice, bob]) {
        await page.locator('h1.topbar__title', { hasText: 'Quarterly review' }).waitFor();
      }

      await alice.page.getByRole('button', { name: 'Rename' }).click();
      const input = alice.page.getByLabel('Review title');
      expect(await input.inputValue()).toBe('Quarterly review');
      await input.fill('  Payments   platform review ');
      await input.press('Enter');

      for (const { page } of [alice, bob]) {
        await page
          .locator('h1.topbar__title', { hasText: 'Payments platform review' })
          .waitFor({ timeout: PROPAGATION_MS });
      }
      await expect
        .poll(() => bob.page.title(), { timeout: PROPAGATION_MS })
        .toBe('Payments platform review · Ratify');

      // Escape leaves the title as it is.
      await bob.page.getByRole('button', { name: 'Rename' }).click();
      await bob.page.getByLabel('Review title').fill('Not this');
      await bob.page.getByLabel('Review title').press('Escape');
      await bob.page.locator('h1.topbar__title', { hasText: 'Payments platform review' }).waitFor();

      // The server follows the document: its stored title, and so the list, has the new name.
      await waitForSaved(alice.page);
      await expect
        .poll(
          async () => {
            const res = await apiFetch(env.server.url, `/api/docs/${id}`);
            return ((await res.json()) as { title: string }).title;
          },
          { timeout: SLOW_MS, message: 'the stored title follows the document' },
        )
        .toBe('Payments platform review');
      await alice.page.goto('/');
      await alice.page.reload();
      await alice.page
        .locator(`tr[data-doc-id="${id}"] a`, { hasText: 'Payments platform review' })
        .waitFor({ timeout: SLOW_MS });
      expect(await alice.page.locator('.doc-table', { hasText: 'Quarterly review' }).count()).toBe(
        0,
      );

      // A fresh visitor opening it later sees the new name from the document itself.
      await bob.page.reload();
      await bob.page
        .locator('h1.topbar__title', { hasText: 'Payments platform review' })
        .waitFor({ timeout: SLOW_MS });
      expect([...alice.errors, ...bob.errors]).toEqual([]);
    } finally {
      await closeAll(alice.context, bob.context);
    }
  });

  it('an import is named after its # heading; empty and heading-less files are refused with a message', async () => {
    const user = await newUser(env.browser, env.server.url, 'Ida');
    const { page } = user;
    const file = (name: string, text: string) => ({
      name,
      mimeType: 'text/markdown',
      buffer: Buffer.from(text),
    });
    try {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Architecture reviews' }).waitFor();

      await page
        .locator('input[type="file"]')
        .setInputFiles(file('notes-2024.md', '# Threat model: payments\n\n- [x] STRIDE done\n'));
      await page.waitForURL(/\/d\/[A-Za-z0-9_-]+$/, { timeout: SLOW_MS });
      await page
        .locator('h1.topbar__title', { hasText: 'Threat model: payments' })
        .waitFor({ timeout: SLOW_MS });
      await page.getByRole('link', { name: 'Ratify' }).click();
      await page
        .getByRole('link', { name: 'Threat model: payments' })
        .waitFor({ timeout: SLOW_MS });
      const rows = () => page.locator('.doc-table tbody tr').count();
      const before = await rows();

      await page.locator('input[type="file"]').setInputFiles(file('empty.md', '  \n\n'));
      await page
        .locator('[role="alert"]', { hasText: '“empty.md” is empty' })
        .waitFor({ timeout: SLOW_MS });

      await page
        .locator('input[type="file"]')
        .setInputFiles(file('loose.md', 'Some notes without a heading.\n\n## Only a subsection\n'));
      await page
        .locator('[role="alert"]', { hasText: 'The file has no title' })
        .waitFor({ timeout: SLOW_MS });
      expect(page.url()).toMatch(/\/$/);
      expect(await rows()).toBe(before);

      // With a typed title the same file is fine.
      await page.getByLabel('Title', { exact: true }).fill('Loose notes');
      await page
        .locator('input[type="file"]')
        .setInputFiles(file('loose.md', 'Some notes without a heading.\n'));
      await page.waitForURL(/\/d\/[A-Za-z0-9_-]+$/, { timeout: SLOW_MS });
      await page.locator('h1.topbar__title', { hasText: 'Loose notes' }).waitFor({
        timeout: SLOW_MS,
      });
      expect(user.errors).toEqual([]);
    } finally {
      await closeAll(user.context);
    }
  });
});
