// Templates in the web app: a review saved as a template from the document bar and offered by
// the New review card's picker (with its preview, and Delete for its author only), Markdown
// imported by dropping a file on the New review card, and the sample review offered to a user
// without documents. Real Chromium against the real built server.
import type { JSHandle, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  checklistItem,
  closeAll,
  createDocument,
  hasChromium,
  newUser,
  openDocument,
  PAYMENTS_REVIEW_MARKDOWN,
  SLOW_MS,
  seriousAxeViolations,
  share,
  type TestUser,
  useServerAndBrowser,
  waitForSaved,
} from './e2e-helpers';

const MARKDOWN = PAYMENTS_REVIEW_MARKDOWN;

const TEMPLATE = 'Payments baseline';

const picker = (page: Page) => page.getByRole('radiogroup', { name: 'Template' });
/** The picker's row of the template with this name. */
const option = (page: Page, name: string) =>
  picker(page)
    .locator('.template-option')
    .filter({ has: page.getByRole('radio', { name, exact: true }) });
const checkState = (page: Page, text: string) =>
  checklistItem(page, text).locator('.check-button').getAttribute('data-state');

async function toList(page: Page) {
  await page.getByRole('link', { name: 'Ratify', exact: true }).click();
  await page.getByRole('heading', { name: 'Architecture reviews' }).waitFor({ timeout: SLOW_MS });
}

interface DroppedFile {
  name: string;
  type: string;
  text: string;
}

/** A DataTransfer holding these files, as the browser makes one for a drag from the desktop. */
function filesTransfer(page: Page, files: DroppedFile[]): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const f of list) transfer.items.add(new File([f.text], f.name, { type: f.type }));
    return transfer;
  }, files);
}

/** Drag these files over the New review card, see it highlighted, and drop them. */
async function dropOnCard(page: Page, files: DroppedFile[]) {
  const card = page.locator('.new-review-card');
  const dataTransfer = await filesTransfer(page, files);
  await card.dispatchEvent('dragenter', { dataTransfer });
  await card.dispatchEvent('dragover', { dataTransfer });
  await page.locator('.new-review-card[data-dragging="true"] .drop-overlay').waitFor({
    timeout: SLOW_MS,
  });
  await card.dispatchEvent('drop', { dataTransfer });
  await page.locator('.new-review-card[data-dragging="false"]').waitFor({ timeout: SLOW_MS });
  await dataTransfer.dispose();
}

const rowTitles = (page: Page) =>
  page.locator('.doc-table tbody tr td:first-child').allTextContents();

async function expectNoDeleteButton(row: Locator) {
  expect(await row.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
}

describe.skipIf(!hasChromium)('templates, Markdown drop and the sample review', () => {
  const env = useServerAndBrowser();

  it('[TP3] an owner saves a review as a template from the document bar; the picker previews it, a review made from it starts unticked, and only its author may delete it', async () => {
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

      // The owner ticks an item, then saves the review as a template.
      await openDocument(a, docId);
      await checklistItem(a, 'Load balancing').locator('.check-button').click();
      await expect.poll(() => checkState(a, 'Load balancing'), { timeout: SLOW_MS }).toBe('done');
      await waitForSaved(a);

      await a.getByRole('button', { name: 'Save as template…' }).click();
      const dialog = a.getByRole('dialog', { name: 'Save as template' });
      await dialog.waitFor({ timeout: SLOW_MS });
      const nameBox = dialog.getByLabel('Template name');
      // Prefilled with the document's title, and focused.
      expect(await nameBox.inputValue()).toBe('Payments review');
      expect(await nameBox.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await nameBox.getAttribute('maxlength')).toBe('100');
      const keep = dialog.getByRole('checkbox', {
        name: 'Keep checklist ticks and change-log rows',
      });
      expect(await keep.isChecked()).toBe(false);

      // A name is required; a refusal by the server is shown in the dialog.
      await nameBox.fill('   ');
      await dialog.getByRole('button', { name: 'Save', exact: true }).click();
      await dialog.getByRole('alert').filter({ hasText: 'needs a name' }).waitFor();
      await a.route(`**/api/docs/${docId}/template`, (route) =>
        route.fulfill({
          status: 403,
          contentType: 'application/json',
          body: JSON.stringify({
            error: { code: 'forbidden', message: 'only an owner of this document may save it' },
          }),
        }),
      );
      await nameBox.fill(TEMPLATE);
      await dialog.getByRole('button', { name: 'Save', exact: true }).click();
      await dialog
        .getByRole('alert')
        .filter({ hasText: 'Only an owner of this document may save it.' })
        .waitFor({ timeout: SLOW_MS });
      await a.unroute(`**/api/docs/${docId}/template`);

      await dialog.getByRole('button', { name: 'Save', exact: true }).click();
      await dialog.waitFor({ state: 'hidden', timeout: SLOW_MS });
      await a
        .getByRole('status')
        .filter({ hasText: `Saved as the template “${TEMPLATE}”` })
        .waitFor({ timeout: SLOW_MS });

      // An editor of the same review has no such button.
      await openDocument(b, docId);
      await b.getByRole('button', { name: 'History', exact: true }).waitFor();
      expect(await b.getByRole('button', { name: 'Save as template…' }).count()).toBe(0);

      // The list page offers it, after the built-in one, with who saved it and what it holds.
      await toList(a);
      const saved = option(a, TEMPLATE);
      await saved.waitFor({ timeout: SLOW_MS });
      const radios = picker(a).getByRole('radio');
      expect(await radios.count()).toBe(2);
      expect(await picker(a).locator('.template-option__name').allTextContents()).toEqual([
        'Technical Architecture Framework',
        TEMPLATE,
      ]);
      expect(
        await option(a, 'Technical Architecture Framework').getByRole('radio').isChecked(),
      ).toBe(true);
      expect(await saved.locator('.template-option__author').textContent()).toBe('Saved by Olivia');
      expect(await saved.locator('.template-option__counts').textContent()).toBe(
        '4 sections · 1 checklist item · 1 field',
      );
      expect(
        await option(a, 'Technical Architecture Framework')
          .locator('.template-option__author')
          .textContent(),
      ).toBe('Built in');

      // Its preview: the section titles, indented by level, and the start of its Markdown.
      const previewButton = saved.getByRole('button', { name: `Preview ${TEMPLATE}` });
      expect(await previewButton.getAttribute('aria-expanded')).toBe('false');
      await previewButton.click();
      const preview = saved.getByRole('region', { name: `Preview of ${TEMPLATE}` });
      await preview.waitFor({ timeout: SLOW_MS });
      expect(await previewButton.getAttribute('aria-expanded')).toBe('true');
      const sections = preview.locator('.template-preview__section');
      expect(await sections.allTextContents()).toEqual([
        'Payments review',
        'Context',
        'Decision',
        'Risks',
      ]);
      expect(await sections.evaluateAll((els) => els.map((el) => el.dataset.depth))).toEqual([
        '0',
        '1',
        '1',
        '1',
      ]);
      const indents = await sections.evaluateAll((els) =>
        els.map((el) => Number.parseFloat(getComputedStyle(el).paddingInlineStart)),
      );
      expect(indents[1]).toBeGreaterThan(indents[0] ?? 0);
      const excerpt = await preview.locator('.template-preview__excerpt').textContent();
      expect(excerpt).toContain('## Decision');
      // Not kept: the tick was cleared when it was saved.
      expect(excerpt).toContain('- [ ] Load balancing');
      expect(await seriousAxeViolations(a)).toEqual([]);

      // Chosen with the keyboard (arrow keys move through the group), then created from.
      await option(a, 'Technical Architecture Framework').getByRole('radio').focus();
      await a.keyboard.press('ArrowDown');
      expect(await saved.getByRole('radio').isChecked()).toBe(true);
      await a.getByLabel('Title', { exact: true }).fill('Refunds review');
      await a.getByRole('button', { name: 'Create review' }).click();
      await a.waitForURL(/\/d\/[A-Za-z0-9_-]+$/, { timeout: SLOW_MS });
      expect(new URL(a.url()).pathname).not.toBe(`/d/${docId}`);
      await a.locator('.review-doc[contenteditable="true"]').waitFor({ timeout: SLOW_MS });
      await a.locator('h1.topbar__title', { hasText: 'Refunds review' }).waitFor({
        timeout: SLOW_MS,
      });
      await checklistItem(a, 'Load balancing').waitFor({ timeout: SLOW_MS });
      expect(await checkState(a, 'Load balancing')).toBe('open');
      expect(await a.locator('.review-doc').textContent()).toContain('Vendor lock-in');

      // Someone else sees the template but may not delete it.
      await b.goto('/');
      const seenByEddie = option(b, TEMPLATE);
      await seenByEddie.waitFor({ timeout: SLOW_MS });
      expect(await seenByEddie.locator('.template-option__author').textContent()).toBe(
        'Saved by Olivia',
      );
      await expectNoDeleteButton(seenByEddie);
      await expectNoDeleteButton(option(b, 'Technical Architecture Framework'));

      // Its author may, after confirming; Cancel keeps it.
      await toList(a);
      await expectNoDeleteButton(option(a, 'Technical Architecture Framework'));
      const deleteButton = option(a, TEMPLATE).getByRole('button', {
        name: `Delete template ${TEMPLATE}`,
      });
      await deleteButton.click();
      const confirm = a.getByRole('alertdialog', { name: 'Delete this template?' });
      await confirm.waitFor({ timeout: SLOW_MS });
      expect(await confirm.textContent()).toContain(`“${TEMPLATE}”`);
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'hidden' });
      expect(await option(a, TEMPLATE).count()).toBe(1);
      await deleteButton.click();
      await confirm.getByRole('button', { name: 'Delete template' }).click();
      await confirm.waitFor({ state: 'hidden', timeout: SLOW_MS });
      await option(a, TEMPLATE).waitFor({ state: 'detached', timeout: SLOW_MS });
      expect(await picker(a).getByRole('radio').count()).toBe(1);
      expect(await a.getByRole('alert').count()).toBe(0);
      // Gone for the others too, the next time they look.
      await b.reload();
      await option(b, 'Technical Architecture Framework').waitFor({ timeout: SLOW_MS });
      expect(await option(b, TEMPLATE).count()).toBe(0);

      expect(olivia.errors).toEqual([]);
      expect(eddie.errors).toEqual([]);
    } finally {
      await closeAll(olivia?.context, eddie?.context);
    }
  });

  it('[TP4] a Markdown file dropped on the New review card is imported and opened (only the first of several); an empty or non-Markdown file is refused with a message', async () => {
    const user = await newUser(env.browser, env.server.url, 'Ida');
    const { page } = user;
    try {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Architecture reviews' }).waitFor();
      await picker(page).getByRole('radio').first().waitFor({ timeout: SLOW_MS });
      const card = page.locator('.new-review-card');

      // Dragging over highlights the card and says what a drop of several files does; leaving
      // without dropping takes the highlight away.
      const two: DroppedFile[] = [
        {
          name: 'dropped.md',
          type: 'text/markdown',
          text: '# Dropped review\n\n- [x] STRIDE done\n',
        },
        { name: 'second.md', type: 'text/markdown', text: '# Second file\n' },
      ];
      const transfer = await filesTransfer(page, two);
      await card.dispatchEvent('dragenter', { dataTransfer: transfer });
      await card.dispatchEvent('dragover', { dataTransfer: transfer });
      await page
        .locator('.drop-overlay', { hasText: 'Drop to import the first of these 2 files' })
        .waitFor({ timeout: SLOW_MS });
      expect(await card.getAttribute('data-dragging')).toBe('true');
      await card.dispatchEvent('dragleave', { dataTransfer: transfer });
      await page.locator('.drop-overlay').waitFor({ state: 'detached', timeout: SLOW_MS });
      await transfer.dispose();

      // Dropped: the first file becomes a review named after its heading, and opens.
      await dropOnCard(page, two);
      await page.waitForURL(/\/d\/[A-Za-z0-9_-]+$/, { timeout: SLOW_MS });
      await page
        .locator('h1.topbar__title', { hasText: 'Dropped review' })
        .waitFor({ timeout: SLOW_MS });
      await page.locator('.review-doc[contenteditable="true"]').waitFor({ timeout: SLOW_MS });
      expect(await checkState(page, 'STRIDE done')).toBe('done');
      await toList(page);
      await page.getByRole('link', { name: 'Dropped review' }).waitFor({ timeout: SLOW_MS });
      expect(await rowTitles(page)).toEqual(['Dropped review']);

      // An empty file: a message, nothing created, still on the list.
      await dropOnCard(page, [{ name: 'empty.md', type: 'text/markdown', text: '  \n\n' }]);
      await page
        .locator('[role="alert"]', { hasText: '“empty.md” is empty: there is nothing to import.' })
        .waitFor({ timeout: SLOW_MS });
      // Not a Markdown file: a message saying which files are.
      await dropOnCard(page, [{ name: 'diagram.png', type: 'image/png', text: 'PNG' }]);
      await page
        .locator('[role="alert"]', {
          hasText: '“diagram.png” is not a Markdown file: import a .md, .markdown or .txt file.',
        })
        .waitFor({ timeout: SLOW_MS });
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await rowTitles(page)).toEqual(['Dropped review']);
      const docs = await page.request.get('/api/docs');
      expect(((await docs.json()) as { docs: unknown[] }).docs).toHaveLength(1);

      // The button is still there.
      await page.getByRole('button', { name: 'Import Markdown…' }).waitFor();
      expect(user.errors).toEqual([]);
    } finally {
      await closeAll(user.context);
    }
  });

  it('[AD9] a new user without documents is offered the sample review, which opens as "Ratify: Technical Architecture Framework"', async () => {
    const user = await newUser(env.browser, env.server.url, 'Nina');
    const { page } = user;
    try {
      await page.goto('/');
      const docsSection = page.getByRole('region', { name: 'Documents' });
      await docsSection
        .getByText('No reviews yet.', { exact: false })
        .waitFor({ timeout: SLOW_MS });
      // The New review card always offers it too, as a secondary action.
      await page
        .getByRole('region', { name: 'New review' })
        .getByRole('button', { name: 'Open the sample review', exact: true })
        .waitFor();

      await docsSection
        .getByRole('button', {
          name: "Open the sample review — Ratify's own architecture, filled in",
        })
        .click();
      await page.waitForURL(/\/d\/[A-Za-z0-9_-]+$/, { timeout: SLOW_MS });
      await page.locator('.review-doc[contenteditable="true"]').waitFor({ timeout: SLOW_MS });
      await page
        .locator('h1.topbar__title', { hasText: 'Ratify: Technical Architecture Framework' })
        .waitFor({ timeout: SLOW_MS });
      await page
        .locator('.review-doc h1', { hasText: 'Ratify: Technical Architecture Framework' })
        .waitFor({ timeout: SLOW_MS });
      // Filled in: ticked items, and its own owner may save it as a template.
      expect(
        await page.locator('.review-doc .check-button[data-state="done"]').count(),
      ).toBeGreaterThan(10);
      await page.getByRole('button', { name: 'Save as template…' }).waitFor();

      await toList(page);
      await page
        .getByRole('link', { name: 'Ratify: Technical Architecture Framework' })
        .waitFor({ timeout: SLOW_MS });
      expect(await page.getByText('No reviews yet.', { exact: false }).count()).toBe(0);
      expect(user.errors).toEqual([]);
    } finally {
      await closeAll(user.context);
    }
  });
});
