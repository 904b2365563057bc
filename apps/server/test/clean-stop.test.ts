// Stopping the app with Ctrl+C is a clean stop: exit code 0 and no "Command failed" noise, from
// the server itself, from `node scripts/ratify.mjs serve` (what `npm run app` ends with), and
// through `npm run` as a user types it. Runs the built server (apps/server/dist).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { onCleanup, tempDir } from './helpers.js';

const SERVER_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = path.resolve(SERVER_ROOT, '../..');
const MAIN = path.join(SERVER_ROOT, 'dist/main.js');
const SCRIPT = path.join(REPO_ROOT, 'scripts/ratify.mjs');
const STARTUP_MS = 15_000;
const STOP_MS = 10_000;

interface Started {
  child: ChildProcess;
  output: () => string;
  port: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawn `command` in its own process group (as a terminal runs a foreground job) and wait for
 * the server's "listening" log line.
 */
async function startDetached(command: string, args: string[], cwd: string): Promise<Started> {
  const dataDir = await tempDir('ratify-stop-');
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  const deadline = Date.now() + STARTUP_MS;
  let port = 0;
  while (port === 0) {
    const match = /"port":(\d+)[^\n]*"msg":"listening"/.exec(output);
    if (match) port = Number(match[1]);
    else if (child.exitCode !== null) throw new Error(`exited early:\n${output}`);
    else if (Date.now() > deadline) throw new Error(`never listened:\n${output}`);
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(health.status).toBe(200);
  return { child, output: () => output, port, exited };
}

function within<T>(promise: Promise<T>, ms: number, what: string, output: () => string) {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms:\n${output()}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Ctrl+C in a terminal: SIGINT to every process of the foreground job's group. */
function ctrlC(started: Started) {
  if (started.child.pid === undefined) throw new Error('no pid');
  process.kill(-started.child.pid, 'SIGINT');
}

describe('a clean stop with Ctrl+C', () => {
  it('[CS1] the server exits 0 on SIGINT and on SIGTERM, after shutting down', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const server = await startDetached(process.execPath, [MAIN], SERVER_ROOT);
      server.child.kill(signal);
      const result = await within(server.exited, STOP_MS, 'the server to stop', server.output);
      expect(result, server.output()).toEqual({ code: 0, signal: null });
      expect(server.output()).toContain('"msg":"stopped"');
      await expect(fetch(`http://127.0.0.1:${server.port}/healthz`)).rejects.toThrow();
    }
  });

  it('[CS2] `node scripts/ratify.mjs serve` passes Ctrl+C on once and exits 0 quietly', async () => {
    const app = await startDetached(process.execPath, [SCRIPT, 'serve'], REPO_ROOT);
    // The same keypress twice in a row, as when npm passes the terminal's signal on again.
    ctrlC(app);
    ctrlC(app);
    const result = await within(app.exited, STOP_MS, 'the app to stop', app.output);
    expect(result, app.output()).toEqual({ code: 0, signal: null });
    expect(app.output()).toContain('"msg":"stopped"');
    expect(app.output()).not.toMatch(/ELIFECYCLE|Command failed|second signal|exiting without/i);
    await expect(fetch(`http://127.0.0.1:${app.port}/healthz`)).rejects.toThrow();
  });

  it('[CS3] through `npm run`, as `npm run app` is typed, Ctrl+C exits 0 without an error', async () => {
    // The root package.json's own `app` script, pointed at `serve` (no install and build). It
    // starts with `exec`: otherwise the shell npm runs it in is itself hit by the Ctrl+C and
    // makes npm exit 130 even though the app stopped cleanly.
    const rootPackage = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const appScript: string = rootPackage.scripts.app;
    expect(appScript).toBe('exec node scripts/ratify.mjs start');
    const dir = await tempDir('ratify-npm-');
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'ratify-stop-check',
        private: true,
        scripts: {
          app: appScript.replace('scripts/ratify.mjs start', `${JSON.stringify(SCRIPT)} serve`),
        },
      }),
    );
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const app = await startDetached(npm, ['run', '--silent', 'app'], dir);
    ctrlC(app);
    const result = await within(app.exited, STOP_MS, 'npm run app to stop', app.output);
    expect(result, app.output()).toEqual({ code: 0, signal: null });
    expect(app.output()).not.toMatch(/ELIFECYCLE|Command failed|npm error|npm ERR/i);
  });

  it('[CS4] if the script is killed outright, the server it started stops too', async () => {
    const app = await startDetached(process.execPath, [SCRIPT, 'serve'], REPO_ROOT);
    app.child.kill('SIGKILL');
    await within(app.exited, STOP_MS, 'the script to die', app.output);
    const deadline = Date.now() + STOP_MS;
    for (;;) {
      try {
        await fetch(`http://127.0.0.1:${app.port}/healthz`);
      } catch {
        break;
      }
      if (Date.now() > deadline) throw new Error(`the server kept running:\n${app.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
});
