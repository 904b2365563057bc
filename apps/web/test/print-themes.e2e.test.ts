// Print / "Save as PDF" gives the document alone, and the editor looks right in both colour
// themes at desktop and phone widths. The run keeps its evidence in test-results/ (git-ignored):
// review.pdf, its first page as a PNG, and editor-{light,dark}-{1440,390}.png.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { templateMarkdown } from '@ratify/schema';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  checklistItem,
  closeAll,
  createDocument,
  hasChromium,
  newUser,
  openDocument,
  RESULTS_DIR,
  SLOW_MS,
  share,
  useServerAndBrowser,
  waitForSaved,
} from './e2e-helpers';
import { pdfPages } from './pdf-text';

const MERMAID = ['```mermaid', 'graph LR', '  Client-->Gateway-->Ledger', '```', ''].join('\n');
/** A picture far wider than the page, served by the test (`page.route`). */
const IMAGE = '![Deployment view](/images/deployment.svg "Deployment")\n\n';
const WIDE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="2400" height="400"><rect width="2400" height="400" fill="#88aadd"/></svg>';

async function serveImage(page: Page) {
  await page.route('**/images/deployment.svg', (route) =>
    route.fulfill({ contentType: 'image/svg+xml', body: WIDE_SVG }),
  );
}

/** The template with a diagram after its first section's fields. */
function reviewMarkdown(): string {
  const template = templateMarkdown('technical-architecture-framework');
  return template.replace('### Key Requirements', `${MERMAID}\n${IMAGE}### Key Requirements`);
}

function hasTool(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The PDF's first page as a PNG: with poppler's pdftoppm when installed, else with Chromium's
 * own PDF viewer (it works headless; its frame says when the document has loaded), else, if that
 * viewer is missing, Chromium's rendering of the print layout at A4 width. Says which it used.
 */
async function firstPageImage(browser: Browser, pdfPath: string, png: string, page: Page) {
  if (hasTool('pdftoppm')) {
    const base = png.replace(/\.png$/, '');
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '80',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      pdfPath,
      base,
    ]);
    return 'pdftoppm';
  }
  const viewer = await browser.newPage({ viewport: { width: 800, height: 1150 } });
  try {
    await viewer.goto(`file://${pdfPath}#toolbar=0&view=FitH`);
    const viewerFrame = () => viewer.frames().find((f) => f.url().startsWith('chrome-extension:'));
    const found = await expect
      .poll(() => viewerFrame() !== undefined, { timeout: SLOW_MS })
      .toBe(true)
      .then(() => true)
      .catch(() => false);
    const frame = viewerFrame();
    if (found && frame) {
      await frame.waitForFunction(
        () =>
          (document.querySelector('pdf-viewer') as unknown as { loadState_?: string } | null)
            ?.loadState_ === 'success',
        undefined,
        { timeout: SLOW_MS },
      );
      // Two frames for the viewer to paint the page it has laid out.
      await frame.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
      await viewer.screenshot({ path: png });
      return 'chromium-pdf-viewer';
    }
  } finally {
    await viewer.close();
  }
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({ path: png });
  return 'print-layout';
}

/** Set a few checklist states and add a change-log row, as a review meeting would. */
async function fillIn(page: Page) {
  await checklistItem(page, 'Monolithic').locator('.check-button').click();
  const serverless = checklistItem(page, 'Serverless').locator('.check-button');
  await serverless.click();
  await serverless.click();
  await page.getByRole('button', { name: 'Add row' }).click();
  // The editor takes focus and puts the caret in the new row's cell a moment after the click
  // (TipTap focuses on the next frame): type only once it is there.
  await page.waitForFunction(
    () => {
      const anchor = window.getSelection()?.anchorNode;
      const element = anchor instanceof Element ? anchor : anchor?.parentElement;
      return (
        document.activeElement?.classList.contains('ProseMirror') === true &&
        element?.closest('.change-log td') != null
      );
    },
    undefined,
    { timeout: 15_000 },
  );
  await page.keyboard.type('Agreed the gateway design');
  await page.locator('.review-doc td', { hasText: 'Agreed the gateway design' }).waitFor();
}

describe.skipIf(!hasChromium)('print and colour themes', () => {
  const env = useServerAndBrowser();

  it('prints to a clean PDF: the document with its states and change log, none of the editor', async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const id = await createDocument(env.server.url, {
      title: 'Payments platform review',
      markdown: reviewMarkdown(),
    });
    const alice = await newUser(env.browser, env.server.url, 'Alice');
    const bob = await newUser(env.browser, env.server.url, 'Bob Peerson');
    await share(env.server.url, id, [alice, bob]);
    try {
      await serveImage(alice.page);
      await openDocument(alice.page, id);
      await openDocument(bob.page, id);
      // Alice prints in the dark theme with Bob's caret in view: neither shows on paper.
      await alice.page.getByLabel('Colour theme').selectOption('dark');
      await bob.page.locator('.review-doc h2').first().click();
      await alice.page
        .locator('.remote-caret', { hasText: 'Bob Peerson' })
        .waitFor({ timeout: SLOW_MS });
      await fillIn(alice.page);
      // Drawn dark for the screen, and light for paper.
      await alice.page
        .locator('.mermaid-block__print svg')
        .first()
        .waitFor({ state: 'attached', timeout: SLOW_MS });
      await alice.page.locator('.review-doc').evaluate((el) => (el as HTMLElement).blur());
      await waitForSaved(alice.page);

      await expect
        .poll(
          () =>
            alice.page
              .locator('.review-doc img[alt="Deployment view"]')
              .evaluate((img) => (img as HTMLImageElement).naturalWidth),
          { timeout: SLOW_MS, message: 'the image loads' },
        )
        .toBe(2400);

      // The print stylesheet in force: light colours, the controls gone.
      await alice.page.emulateMedia({ media: 'print' });
      const printed = await alice.page.evaluate(() => {
        const shown = (selector: string) =>
          [...document.querySelectorAll(selector)].some((el) => el.checkVisibility());
        return {
          background: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(document.querySelector('.review-doc') as Element).color,
          toolbar: shown('.toolbar'),
          outline: shown('.outline'),
          presence: shown('.presence'),
          carets: shown('.remote-caret'),
          status: shown('.sync-status'),
          title: shown('.topbar__title'),
          diagramForPaper: shown('.mermaid-block__print svg'),
          diagramForScreen: shown('.mermaid-block__screen svg'),
          image: (() => {
            const img = document.querySelector(
              '.review-doc img[alt="Deployment view"]',
            ) as HTMLImageElement | null;
            const page = document.querySelector('.review-doc')?.getBoundingClientRect().width ?? 0;
            return !!img?.checkVisibility() && img.naturalWidth === 2400 && img.width <= page;
          })(),
        };
      });
      expect(printed).toEqual({
        background: 'rgb(255, 255, 255)',
        text: 'rgb(29, 35, 43)',
        toolbar: false,
        outline: false,
        presence: false,
        carets: false,
        status: false,
        title: true,
        diagramForPaper: true,
        diagramForScreen: false,
        image: true,
      });

      const pdf = await alice.page.pdf({ format: 'A4', printBackground: true });
      const pdfPath = path.join(RESULTS_DIR, 'review.pdf');
      writeFileSync(pdfPath, pdf);
      const pages = pdfPages(pdf);
      expect(pages.length).toBeGreaterThan(1);
      const text = pages.join('\n');
      // The document: title, sections, checklist states as words, the change log, the diagram.
      expect(pages[0]).toContain('Payments platform review');
      expect(pages[0]).toContain('Technical Architecture Framework');
      expect(text).toMatch(/Monolithic\s*Done\s*·\s*Alice/);
      expect(text).toMatch(/Serverless\s*Not applicable\s*·\s*Alice/);
      expect(text).toMatch(/Microservices\s*Open/);
      expect(text).toContain('Approved By');
      expect(text).toContain('Agreed the gateway design');
      expect(text).toContain('Gateway');
      // None of the live editor.
      for (const absent of [
        'Bold',
        'Italic',
        'Bullets',
        'Numbered',
        'Undo',
        'Redo',
        'Outline',
        'Export Markdown',
        'Rename',
        'Add row',
        'Saved',
        'Bob Peerson',
        'Colour theme',
        'Client-->Gateway',
      ]) {
        expect(text, `"${absent}" is printed`).not.toContain(absent);
      }

      const png = path.join(RESULTS_DIR, 'review-page1.png');
      const how = await firstPageImage(env.browser, pdfPath, png, alice.page);
      console.info(`[print] first page of ${pdfPath} rendered to ${png} by ${how}`);
      expect(existsSync(png)).toBe(true);
      await alice.page.emulateMedia({ media: 'screen' });
      expect([...alice.errors, ...bob.errors]).toEqual([]);
    } finally {
      await closeAll(alice.context, bob.context);
    }
  });

  it('screenshots the editor in light and dark at 1440 and 390 px', async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const id = await createDocument(env.server.url, {
      title: 'Payments platform review',
      markdown: reviewMarkdown(),
    });
    const filled = await newUser(env.browser, env.server.url, 'Alice');
    await share(env.server.url, id, [filled]);
    try {
      await openDocument(filled.page, id);
      await fillIn(filled.page);
      await waitForSaved(filled.page);
    } finally {
      await closeAll(filled.context);
    }
    for (const scheme of ['light', 'dark'] as const) {
      for (const width of [1440, 390]) {
        const reviewer = await newUser(env.browser, env.server.url, 'Reviewer', {
          viewport: { width, height: width > 800 ? 900 : 844 },
          colorScheme: scheme,
          ...(width < 800 ? { isMobile: true, hasTouch: true } : {}),
        });
        const { context, page } = reviewer;
        try {
          await share(env.server.url, id, reviewer);
          await serveImage(page);
          await openDocument(page, id);
          await page.locator('.mermaid-block__screen svg').first().waitFor({ timeout: SLOW_MS });
          await checklistItem(page, 'Monolithic').scrollIntoViewIfNeeded();
          await page.evaluate(() => window.scrollBy(0, -120));
          const background = await page.evaluate(
            () => getComputedStyle(document.documentElement).backgroundColor,
          );
          expect(background).toBe(scheme === 'dark' ? 'rgb(17, 20, 24)' : 'rgb(246, 247, 249)');
          await page.screenshot({ path: path.join(RESULTS_DIR, `editor-${scheme}-${width}.png`) });
        } finally {
          await context.close();
        }
      }
    }
  }, 180_000);
});
