// Production bundle sizes and time-to-editable of the template document, in Debian's Chromium
// against the real built server: the `time-to-editable` scenario of `pnpm --filter @ratify/web
// bench` (bench/run.ts).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import {
  CHROMIUM_PATH,
  hasChromium,
  launchBrowser,
  SERVER_MAIN,
  startServer,
  WEB_DIST,
  WEB_ROOT,
} from '../test/harness';

function bundleSizes() {
  const assets = path.join(WEB_DIST, 'assets');
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js') || name.endsWith('.css'))
    .map((name) => {
      const bytes = readFileSync(path.join(assets, name));
      return { file: name, bytes: bytes.length, gzip: gzipSync(bytes).length };
    });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

export async function timeToEditable(runs: number): Promise<void> {
  if (!existsSync(path.join(WEB_DIST, 'index.html')) || !existsSync(SERVER_MAIN)) {
    throw new Error('build first: apps/web/dist and apps/server/dist are needed');
  }
  const bundles = bundleSizes();
  let timings: Record<string, number> | null = null;
  if (!hasChromium) {
    console.warn(`no Chromium at ${CHROMIUM_PATH}: timings skipped`);
  } else {
    const server = await startServer();
    const browser = await launchBrowser();
    try {
      // One account (the install's first, so its administrator) owns the document; each run
      // signs it in again in a fresh context.
      const account = { email: 'bench@example.test', password: 'plum-lantern-harbour-42' };
      const signup = await fetch(`${server.url}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...account, name: 'Bench' }),
      });
      const { token } = (await signup.json()) as { token: string };
      const response = await fetch(`${server.url}/api/docs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ template: 'technical-architecture-framework' }),
      });
      const { id } = (await response.json()) as { id: string };
      const list: number[] = [];
      const editable: number[] = [];
      const live: number[] = [];
      const listScriptBytes: number[] = [];
      const editorScriptBytes: number[] = [];
      const scriptBytes = (page: Page) =>
        page.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .filter((entry) => entry.name.endsWith('.js'))
            .reduce((sum, entry) => sum + (entry as PerformanceResourceTiming).encodedBodySize, 0),
        );
      for (let i = 0; i < runs; i++) {
        // A fresh context each run: cold HTTP cache and no IndexedDB copy.
        const context = await browser.newContext({ baseURL: server.url });
        await context.request.post('/api/auth/login', { data: account });
        const page = await context.newPage();
        await page.goto('/');
        await page.locator('.doc-table').waitFor();
        list.push(await page.evaluate(() => performance.now()));
        listScriptBytes.push(await scriptBytes(page));
        await page.goto(`/d/${id}`);
        await page.waitForFunction(
          () => document.querySelector('.review-doc[contenteditable="true"]'),
          undefined,
          { polling: 'raf' },
        );
        editable.push(await page.evaluate(() => performance.now()));
        await page.waitForFunction(
          () => document.querySelector('.sync-status[data-connection="live"]'),
          undefined,
          { polling: 'raf' },
        );
        live.push(await page.evaluate(() => performance.now()));
        editorScriptBytes.push(await scriptBytes(page));
        await context.close();
      }
      timings = {
        runs,
        listReadyMs: Math.round(median(list)),
        templateEditableMs: Math.round(median(editable)),
        templateLiveMs: Math.round(median(live)),
        listScriptBytes: median(listScriptBytes),
        editorScriptBytes: median(editorScriptBytes),
      };
    } finally {
      await browser.close();
      await server.stop();
    }
  }
  const result = { date: new Date().toISOString(), bundles, timings };
  mkdirSync(path.join(WEB_ROOT, 'bench/results'), { recursive: true });
  writeFileSync(
    path.join(WEB_ROOT, 'bench/results/web.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.table(bundles);
  if (timings) console.table([timings]);
}
