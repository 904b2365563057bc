// The editor's surroundings (issue 13): the sticky toolbar and the outline drawer on a phone,
// checklist progress, the keyboard shortcuts dialog, the colour theme, Mermaid diagrams.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  caretAtEnd,
  checklistItem,
  closeAll,
  createDocument,
  hasChromium,
  newUser,
  openDocument,
  PROPAGATION_MS,
  SLOW_MS,
  share,
  useServerAndBrowser,
} from './e2e-helpers';

/** A user on a phone-sized screen (390 × 844, touch). */
const phoneUser = (browser: Browser, baseURL: string, name: string) =>
  newUser(browser, baseURL, name, {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });

/** Whether the element is the topmost thing at its own centre (visible, not covered). */
function isUncovered(page: Page, selector: string) {
  return page.locator(selector).evaluate((el) => {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return 'has no size';
    const x = rect.left + rect.width / 2;
    const y = rect.top + rect.height / 2;
    if (y < 0 || y > window.innerHeight || x < 0 || x > window.innerWidth) return 'off screen';
    const top = document.elementFromPoint(x, y);
    return top === el || el.contains(top) ? 'ok' : `covered by ${top?.tagName}.${top?.className}`;
  });
}

const TOOLBAR_CONTROLS = [
  '.toolbar select.tool--select',
  '.toolbar button[title^="Bold"]',
  '.toolbar button[title^="Italic"]',
  '.toolbar button[title^="Code ("]',
];

/** The visible "settled/total" count of an outline entry. */
const COUNT = '.outline__progress > [aria-hidden="true"]';

/** The text of the document bar's checklist summary. */
const summary = (page: Page) => page.locator('.progress-summary__text');

describe.skipIf(!hasChromium)('editor surroundings in a real browser', () => {
  const env = useServerAndBrowser();

  it('on a 390 px phone the toolbar stays visible after scrolling, and the outline is a drawer', async () => {
    const id = await createDocument(env.server.url);
    const user = await phoneUser(env.browser, env.server.url, 'Pia');
    await share(env.server.url, id, [user]);
    const { page } = user;
    try {
      await openDocument(page, id);
      // The top bar wraps onto several lines at this width.
      const barHeight = await page
        .locator('.topbar')
        .evaluate((el) => (el as HTMLElement).offsetHeight);
      expect(barHeight).toBeGreaterThan(60);
      for (const selector of TOOLBAR_CONTROLS) expect(await isUncovered(page, selector)).toBe('ok');

      // Scroll well into the document: the toolbar sticks at the top, nothing over it.
      await page.mouse.wheel(0, 2500);
      await expect
        .poll(() => page.evaluate(() => window.scrollY), { timeout: SLOW_MS })
        .toBeGreaterThan(1500);
      await expect
        .poll(() => page.locator('.toolbar').evaluate((el) => el.getBoundingClientRect().top), {
          timeout: SLOW_MS,
          message: 'the toolbar sticks to the top of the screen',
        })
        .toBe(0);
      for (const selector of TOOLBAR_CONTROLS) {
        expect(await isUncovered(page, selector), selector).toBe('ok');
      }

      // The outline: a button in the toolbar opens it as a drawer; a section takes you there.
      expect(await page.locator('.editor-body > .outline').isVisible()).toBe(false);
      await page.getByRole('button', { name: 'Outline' }).click();
      const drawer = page.getByRole('dialog', { name: 'Outline' });
      await drawer.waitFor({ timeout: SLOW_MS });
      const target = drawer.getByRole('button', { name: /^Security Architecture/ });
      expect(await isUncovered(page, '.outline-drawer [data-section-id] >> nth=0')).toBe('ok');
      await target.click();
      await drawer.waitFor({ state: 'hidden', timeout: SLOW_MS });
      const heading = page.locator('.review-doc h2', { hasText: 'Security Architecture' });
      await expect
        .poll(
          async () => {
            const box = await heading.boundingBox();
            const toolbar = await page.locator('.toolbar').boundingBox();
            return !!box && !!toolbar && box.y >= toolbar.y + toolbar.height - 1 && box.y < 400;
          },
          { timeout: SLOW_MS, message: 'the chosen section is shown just under the toolbar' },
        )
        .toBe(true);
      // The drawer closes with Escape too.
      await page.getByRole('button', { name: 'Outline' }).click();
      await drawer.waitFor();
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
      expect(user.errors).toEqual([]);
    } finally {
      await closeAll(user.context);
    }
  });

  it('shows checklist progress for the document and each section, live for everyone', async () => {
    const id = await createDocument(env.server.url);
    const ana = await newUser(env.browser, env.server.url, 'Ana');
    const ben = await newUser(env.browser, env.server.url, 'Ben');
    await share(env.server.url, id, [ana, ben]);
    try {
      await openDocument(ana.page, id);
      await openDocument(ben.page, id);
      await summary(ana.page).filter({ hasText: '0 of 119 done' }).waitFor({ timeout: SLOW_MS });
      const section = (page: Page) =>
        page.locator('.editor-body .outline__link', { hasText: 'Architecture Style' });
      expect(await section(ana.page).locator(COUNT).textContent()).toBe('0/4');

      await checklistItem(ana.page, 'Monolithic').locator('.check-button').click();
      await checklistItem(ana.page, 'Serverless').locator('.check-button').click();
      await checklistItem(ana.page, 'Serverless').locator('.check-button').click();
      for (const page of [ana.page, ben.page]) {
        await summary(page)
          .filter({ hasText: '1 of 119 done, 1 not applicable' })
          .waitFor({ timeout: PROPAGATION_MS * 2 });
        await section(page).locator(COUNT, { hasText: '2/4' }).waitFor({ timeout: PROPAGATION_MS });
        // The parent section counts its subsections' items.
        expect(
          await page
            .locator('.editor-body .outline__link', { hasText: 'System Overview' })
            .locator(COUNT)
            .textContent(),
        ).toBe('2/4');
        expect(await section(page).getAttribute('title')).toBeNull();
        expect(await section(page).locator('.outline__progress').getAttribute('title')).toBe(
          '1 of 4 done, 1 not applicable',
        );
      }
      expect([...ana.errors, ...ben.errors]).toEqual([]);
    } finally {
      await closeAll(ana.context, ben.context);
    }
  });

  it('lists keyboard shortcuts with ? and Ctrl+/, and names them in the toolbar tooltips', async () => {
    const id = await createDocument(env.server.url);
    const user = await newUser(env.browser, env.server.url, 'Kai');
    await share(env.server.url, id, [user]);
    const { page } = user;
    try {
      await openDocument(page, id);
      const bold = page.locator('.toolbar button', { hasText: 'Bold' });
      expect(await bold.getAttribute('title')).toBe('Bold (Ctrl+B)');
      expect(await bold.getAttribute('aria-keyshortcuts')).toBe('Control+B');
      expect(await page.locator('.toolbar button', { hasText: 'Undo' }).getAttribute('title')).toBe(
        'Undo your last change (Ctrl+Z)',
      );

      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      // "?" outside the text opens the list...
      await page.locator('.topbar .brand').focus();
      await page.keyboard.press('?');
      await dialog.waitFor({ timeout: SLOW_MS });
      expect(await dialog.getByRole('row', { name: /Ctrl\+B\s+Bold/ }).count()).toBe(1);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });

      // ...but in the document it is just a character.
      await page.locator('.review-doc h1').click();
      await page.keyboard.press('End');
      await page.keyboard.type('?');
      await page.locator('.review-doc h1', { hasText: 'Framework?' }).waitFor();
      expect(await dialog.isVisible()).toBe(false);

      // Ctrl+/ opens it from anywhere, the document included, and toggles it.
      await page.keyboard.press('Control+/');
      await dialog.waitFor();
      await page.keyboard.press('Control+/');
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(user.errors).toEqual([]);
    } finally {
      await closeAll(user.context);
    }
  });

  it('follows the system colour scheme, and a chosen theme is kept across reloads', async () => {
    const id = await createDocument(env.server.url);
    const user = await newUser(env.browser, env.server.url, 'Tess');
    await share(env.server.url, id, [user]);
    const { page } = user;
    const background = () =>
      page.evaluate(
        () =>
          getComputedStyle(document.querySelector('.editor-content') as Element).backgroundColor,
      );
    try {
      await page.emulateMedia({ colorScheme: 'dark' });
      await openDocument(page, id);
      expect(await background()).toBe('rgb(26, 30, 36)');
      await page.emulateMedia({ colorScheme: 'light' });
      expect(await background()).toBe('rgb(255, 255, 255)');

      const select = page.getByLabel('Colour theme');
      await select.selectOption('dark');
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(await background()).toBe('rgb(26, 30, 36)');
      await page.reload();
      await page.locator('.review-doc').waitFor({ timeout: SLOW_MS });
      // Applied before the app's scripts ran (index.html), so there is no light flash.
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(await background()).toBe('rgb(26, 30, 36)');
      expect(await page.getByLabel('Colour theme').inputValue()).toBe('dark');

      await page.getByLabel('Colour theme').selectOption('system');
      expect(await page.evaluate(() => localStorage.getItem('ratify.theme'))).toBeNull();
      expect(await background()).toBe('rgb(255, 255, 255)');
      expect(user.errors).toEqual([]);
    } finally {
      await closeAll(user.context);
    }
  });

  it('draws a mermaid block beside its source, lazily, redraws on edits and reports errors', async () => {
    const plain = await createDocument(env.server.url);
    const id = await createDocument(env.server.url, {
      markdown: [
        '# Diagrams',
        '',
        '```mermaid',
        'graph TD',
        '  Client-->Gateway',
        '```',
        '',
        '```js',
        'const notADiagram = 1;',
        '```',
        '',
        '![Context diagram](/images/wide.svg "System context")',
        '',
      ].join('\n'),
    });
    const user = await newUser(env.browser, env.server.url, 'Mia');
    await share(env.server.url, plain, user);
    await share(env.server.url, id, user);
    const { page } = user;
    const loadedMermaid = () =>
      page.evaluate(() =>
        performance.getEntriesByType('resource').some((entry) => /mermaid\.core/.test(entry.name)),
      );
    try {
      // An image far wider than the page (served here by the test).
      await page.route('**/images/wide.svg', (route) =>
        route.fulfill({
          contentType: 'image/svg+xml',
          body: '<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="300"><rect width="3000" height="300" fill="#88aadd"/></svg>',
        }),
      );
      // A document without a diagram never downloads Mermaid.
      await openDocument(page, plain);
      expect(await loadedMermaid()).toBe(false);

      await openDocument(page, id);
      const block = page.locator('.review-doc .mermaid-block');
      await block.locator('.mermaid-block__screen svg').waitFor({ timeout: SLOW_MS });
      expect(await loadedMermaid()).toBe(true);
      expect(await block.locator('.mermaid-block__screen svg').innerHTML()).toContain('Gateway');
      // Only the mermaid block has a diagram; the source stays editable text beside it.
      expect(await page.locator('.review-doc .mermaid-block').count()).toBe(1);
      expect(await page.locator('.review-doc pre code.language-js').count()).toBe(1);
      // The image is kept with its alt text and title, and scaled down to the page.
      const image = page.locator('.review-doc img[alt="Context diagram"]');
      await expect
        .poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth), {
          timeout: SLOW_MS,
          message: 'the image loads',
        })
        .toBe(3000);
      expect(await image.getAttribute('title')).toBe('System context');
      const widths = await image.evaluate((img) => ({
        image: img.getBoundingClientRect().width,
        page: (img.closest('.review-doc') as Element).getBoundingClientRect().width,
      }));
      expect(widths.image).toBeGreaterThan(100);
      expect(widths.image).toBeLessThanOrEqual(widths.page);
      expect(await block.locator('pre code').textContent()).toContain('Client-->Gateway');
      // Strict mode: nothing in the drawing can run code.
      const handlers = await block
        .locator('.mermaid-block__diagram')
        .evaluate((root) =>
          [...root.querySelectorAll('*')].flatMap((el) =>
            el.getAttributeNames().filter((name) => name.toLowerCase().startsWith('on')),
          ),
        );
      expect(handlers).toEqual([]);
      expect(await block.locator('script').count()).toBe(0);

      // Editing the source redraws it (after a short pause).
      // Type only once the caret is really at the end of the source (a click's focus can land
      // after the next keystroke on a busy core, and those keystrokes would go nowhere).
      const source = block.locator('pre code');
      await caretAtEnd(source);
      await page.keyboard.press('Enter');
      await page.keyboard.type('  Gateway-->Ledger');
      await expect
        .poll(() => source.textContent(), { timeout: SLOW_MS, message: 'the typed source' })
        .toContain('Gateway-->Ledger');
      await block
        .locator('.mermaid-block__screen svg', { hasText: 'Ledger' })
        .waitFor({ timeout: SLOW_MS });

      // A source Mermaid cannot draw shows why, and the editor keeps working.
      await page.keyboard.type(' -->-->');
      await block
        .locator('.mermaid-block__message', { hasText: 'The diagram cannot be drawn' })
        .waitFor({ timeout: SLOW_MS });
      expect(await block.getAttribute('data-diagram')).toBe('error');
      expect(await page.locator('body > [id^="dratify-mermaid"]').count()).toBe(0);
      for (let i = 0; i < ' -->-->'.length; i++) await page.keyboard.press('Backspace');
      await block
        .locator('.mermaid-block__screen svg', { hasText: 'Ledger' })
        .waitFor({ timeout: SLOW_MS });
      expect(user.errors).toEqual([]);
    } finally {
      await closeAll(user.context);
    }
  });
});
