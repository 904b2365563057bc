import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type ProcStats, procStats } from '../proc.js';
import { hocuspocusWire, type SyncOptions, type Wire, yWebsocketWire } from '../wire.js';
import { RatifySession } from './ratify.js';
import type { ReviewApi } from './ratify-review.js';

export const SERVER_NAMES = [
  'ratify',
  'hocuspocus',
  'hocuspocus-sqlite',
  'y-websocket',
  'relay',
  'ratify-baseline',
] as const;
export type ServerName = (typeof SERVER_NAMES)[number];
/** What a run compares when `--servers` is not given: ratify-baseline needs an earlier build. */
export const DEFAULT_SERVERS: readonly ServerName[] = SERVER_NAMES.filter(
  (name) => name !== 'ratify-baseline',
);

export interface ServerHandle {
  readonly name: ServerName;
  readonly wire: Wire;
  /** ws://127.0.0.1:PORT */
  readonly base: string;
  /** Whether the server claims to keep documents across restarts. */
  readonly persistent: boolean;
  pid(): number;
  /** A document clients can join (Ratify needs it created first; the others create on join). */
  createDoc(title: string): Promise<string>;
  /**
   * Call before opening a socket to `doc`: makes sure `wire.url(base, doc, options)` carries a credential
   * that is still good. Ratify's document tokens live 10 minutes; one minted more than 8 minutes
   * ago is minted anew here. Settles at once otherwise, and always for the other servers.
   */
  authorize(doc: string, options?: SyncOptions): Promise<void>;
  /**
   * Ratify's review API as the bench account (reviewers, sections, sign-offs, the reader
   * account), or null: the peers, and Ratify builds whose API description lists no sign-off
   * routes (before issue 15). Sockets opened with `{ review: true }` get `?review=1` only where
   * this is not null.
   */
  readonly review: ReviewApi | null;
  stats(): ProcStats;
  /** kill -9, then start again on the same port and data. */
  crashAndRestart(): Promise<void>;
  /** SIGTERM, then start again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ratifyMain = join(benchDir, '..', 'apps', 'server', 'dist', 'main.js');
const STARTUP_TIMEOUT_MS = 20_000;

/** Both builds of Ratify: the one under test and an earlier copy to compare it with. */
export const isRatify = (name: ServerName): boolean =>
  name === 'ratify' || name === 'ratify-baseline';

/**
 * `ratify-baseline` runs an earlier build of the server side by side with the current one, for a
 * before/after in one run. The copy must sit inside apps/server so its imports resolve, e.g.
 * `cp -r apps/server/dist apps/server/dist-baseline` before the change.
 */
function baselineMain(): string {
  const main = process.env.BENCH_RATIFY_BASELINE;
  if (!main) {
    throw new Error('ratify-baseline needs BENCH_RATIFY_BASELINE=path/to/an/earlier/dist/main.js');
  }
  return resolve(main);
}

interface LaunchSpec {
  args: string[];
  env: NodeJS.ProcessEnv;
  ready: (child: ChildProcess, port: number) => Promise<void>;
}

function waitForStdoutReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('READY')) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code} before it was ready`)),
    );
  });
}

async function waitForHealth(child: ChildProcess, port: number): Promise<void> {
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  for (;;) {
    if (exited !== null) throw new Error(`server exited with ${exited} before it was ready`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} timed out`)), STARTUP_TIMEOUT_MS),
    ),
  ]);
}

function exitOf(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Extra Node flags for a server process, from a space-separated environment variable. */
const nodeArgs = (variable: string): string[] =>
  process.env[variable]?.split(' ').filter(Boolean) ?? [];

function specFor(name: ServerName, port: number, dataDir: string): LaunchSpec {
  const entry = (file: string, ...rest: string[]): string[] => [
    join(benchDir, 'src', 'servers', file),
    String(port),
    ...rest,
  ];
  switch (name) {
    case 'ratify':
    case 'ratify-baseline':
      return {
        // e.g. BENCH_RATIFY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server
        // under test (not the baseline, so a Node flag can itself be what is compared).
        args:
          name === 'ratify'
            ? [...nodeArgs('BENCH_RATIFY_NODE_ARGS'), ratifyMain]
            : [baselineMain()],
        env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
        ready: waitForHealth,
      };
    case 'hocuspocus':
      return { args: entry('hocuspocus-entry.mjs'), env: {}, ready: waitForStdoutReady };
    case 'hocuspocus-sqlite':
      return {
        args: entry('hocuspocus-entry.mjs', join(dataDir, 'hocuspocus.sqlite')),
        env: {},
        ready: waitForStdoutReady,
      };
    case 'y-websocket':
      return { args: entry('y-websocket-entry.mjs'), env: {}, ready: waitForStdoutReady };
    case 'relay':
      return { args: entry('relay-entry.mjs'), env: {}, ready: waitForStdoutReady };
  }
}

export async function startServer(name: ServerName): Promise<ServerHandle> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `ratify-bench-${name}-`));
  const spec = specFor(name, port, dataDir);
  const logDir = process.env.BENCH_SERVER_LOG_DIR;
  if (logDir) mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir ?? dataDir, `${name}-${port}.log`);
  let child: ChildProcess;

  const launch = async () => {
    // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles every server.
    child = spawn(process.execPath, [...nodeArgs('BENCH_SERVER_NODE_ARGS'), ...spec.args], {
      cwd: benchDir,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // Keep the pipe drained (a server must never block on a full stdout) and keep what it said:
    // in its data dir, or under BENCH_SERVER_LOG_DIR (e.g. with --trace-gc in the node args).
    child.stdout?.pipe(createWriteStream(logFile, { flags: 'a' }));
    await withTimeout(spec.ready(child, port), `${name} start`);
  };
  await launch();

  const stop = async () => {
    if (isRatify(name) && logDir) {
      // Ratify's own histograms (persist, broadcast, …) for the case, next to its log.
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`)
        .then((r) => r.text())
        .catch((error: unknown) => `# metrics unavailable: ${String(error)}\n`);
      writeFileSync(`${logFile}.metrics`, metrics);
    }
    child.kill('SIGTERM');
    await exitOf(child);
  };

  // Ratify: one account per data dir, signed up now; it outlives restart() and crashAndRestart(),
  // which keep the data dir (and with it the account, its session and the token key).
  let ratify: RatifySession | null = null;
  try {
    if (isRatify(name)) ratify = await RatifySession.start(port);
  } catch (error) {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    name,
    wire:
      name === 'hocuspocus' || name === 'hocuspocus-sqlite'
        ? hocuspocusWire
        : (ratify?.wire ?? yWebsocketWire('')),
    base: `ws://127.0.0.1:${port}`,
    persistent: isRatify(name) || name === 'hocuspocus-sqlite',
    pid: () => child.pid ?? -1,
    review: ratify?.review ?? null,
    createDoc: (title) =>
      ratify === null
        ? Promise.resolve(`${title}-${Math.random().toString(36).slice(2, 10)}`)
        : ratify.createDoc(title),
    authorize: (doc, options) => ratify?.authorize(doc, options) ?? Promise.resolve(),
    stats: () => procStats(child.pid ?? -1),
    async crashAndRestart() {
      child.kill('SIGKILL');
      await exitOf(child);
      await launch();
    },
    async restart() {
      await stop();
      await launch();
    },
    async stop() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
