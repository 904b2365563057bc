// Production bundle sizes and time-to-editable of the template document, in Debian's Chromium
// against the real built server. Run after `pnpm build`: `pnpm --filter @ratify/web bench`.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const serverMain = path.resolve(root, '../server/dist/main.js');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const runs = Number(process.env.RATIFY_BENCH_RUNS ?? 7);

function bundleSizes() {
  const assets = path.join(dist, 'assets');
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js') || name.endsWith('.css'))
    .map((name) => {
      const bytes = readFileSync(path.join(assets, name));
      return { file: name, bytes: bytes.length, gzip: gzipSync(bytes).length };
    });
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ratify-bench-'));
  const child = spawn(process.execPath, [serverMain], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WEB_DIST_DIR: dist,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error('server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await done;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function main() {
  if (!existsSync(path.join(dist, 'index.html')) || !existsSync(serverMain)) {
    throw new Error('build first: apps/web/dist and apps/server/dist are needed');
  }
  const bundles = bundleSizes();
  let timings = null;
  if (!existsSync(chromiumPath)) {
    console.warn(`no Chromium at ${chromiumPath}: timings skipped`);
  } else {
    const server = await startServer();
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    try {
      const response = await fetch(`${server.url}/api/docs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template: 'technical-architecture-framework' }),
      });
      const { id } = await response.json();
      const list = [];
      const editable = [];
      const live = [];
      const listScriptBytes = [];
      const editorScriptBytes = [];
      const scriptBytes = (page) =>
        page.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .filter((entry) => entry.name.endsWith('.js'))
            .reduce((sum, entry) => sum + entry.encodedBodySize, 0),
        );
      for (let i = 0; i < runs; i++) {
        // A fresh context each run: cold HTTP cache and no IndexedDB copy.
        const context = await browser.newContext({ baseURL: server.url });
        await context.addInitScript(() => localStorage.setItem('ratify.displayName', 'Bench'));
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
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/web.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.table(bundles);
  if (timings) console.table([timings]);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
