import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type ProcStats } from '../proc.js';
import { hocuspocusWire, type SyncOptions, type Wire, yWebsocketWire } from '../wire.js';
import {
  type LaunchSpec,
  nodeArgs,
  ServerProcess,
  waitForHealth,
  waitForStdoutReady,
} from './process.js';
import { RatifySession } from './ratify.js';
import type { ReviewApi } from './ratify-review.js';
import type { ServiceStats } from './services.js';
import { type SharedServices, sharedServices } from './shared.js';

export { ServiceUnavailable } from './services.js';

export const SERVER_NAMES = [
  'ratify',
  'hocuspocus',
  'hocuspocus-sqlite',
  'y-websocket',
  'relay',
  'ratify-baseline',
  'ratify-pg',
  'ratify-2x',
] as const;
export type ServerName = (typeof SERVER_NAMES)[number];
/**
 * Servers that run only when named in `--servers` (or by a scenario of their own, scale-fanout):
 * ratify-baseline needs an earlier build, ratify-pg PostgreSQL, ratify-2x PostgreSQL and Redis.
 */
const OPT_IN: readonly ServerName[] = ['ratify-baseline', 'ratify-pg', 'ratify-2x'];
/** What a run compares when `--servers` is not given. */
export const DEFAULT_SERVERS: readonly ServerName[] = SERVER_NAMES.filter(
  (name) => !OPT_IN.includes(name),
);

export interface ServerHandle {
  readonly name: ServerName;
  readonly wire: Wire;
  /** ws://127.0.0.1:PORT that clients connect to: `bases[0]`, or `bases[i]` on `instance(i)`. */
  readonly base: string;
  /** Every instance of the deployment, ws://127.0.0.1:PORT each: one but for ratify-2x. */
  readonly bases: readonly string[];
  /** Whether the server claims to keep documents across restarts. */
  readonly persistent: boolean;
  pid(): number;
  /**
   * The same deployment with `base` set to instance `i` (0 ≤ i < bases.length), so clients
   * connected through it land there. Everything else (documents, tokens, stats) is shared.
   */
  instance(i: number): ServerHandle;
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
  /** The deployment's processes together: CPU and RSS summed (peak RSS: the sum of peaks). */
  stats(): ProcStats;
  /** Each instance's process alone, in the order of `bases`. */
  instanceStats(): ProcStats[];
  /**
   * What the PostgreSQL (and Redis) of ratify-pg and ratify-2x spent so far; null for servers
   * that use neither.
   */
  services(): Promise<ServiceStats | null>;
  /** kill -9, then start again on the same port and data. */
  crashAndRestart(): Promise<void>;
  /** SIGTERM, then start again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * The build under test: apps/server/dist, or BENCH_RATIFY_MAIN (e.g. a pinned build in a git
 * worktree, so a rebuild of this checkout during a run cannot change it). Its package directory
 * (two levels up) provides node-postgres for the bench's PostgreSQL statistics.
 */
const ratifyMain = resolve(
  process.env.BENCH_RATIFY_MAIN ?? join(benchDir, '..', 'apps', 'server', 'dist', 'main.js'),
);
const serverDir = dirname(dirname(ratifyMain));

/** Every Ratify build and deployment: the one under test (three shapes) and an earlier copy. */
export const isRatify = (name: ServerName): boolean =>
  name === 'ratify' || name === 'ratify-baseline' || name === 'ratify-pg' || name === 'ratify-2x';

/** The build under test, in any of its deployments: these must never lose an edit. */
export const isRatifyUnderTest = (name: ServerName): boolean =>
  name === 'ratify' || name === 'ratify-pg' || name === 'ratify-2x';

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

function specFor(
  name: ServerName,
  port: number,
  dataDir: string,
  shared: SharedServices | null,
  instance: number,
): LaunchSpec {
  const entry = (file: string, ...rest: string[]): string[] => [
    join(benchDir, 'src', 'servers', file),
    String(port),
    ...rest,
  ];
  const plain = (args: string[]): LaunchSpec => ({
    args,
    cwd: benchDir,
    env: {},
    ready: waitForStdoutReady,
  });
  switch (name) {
    case 'ratify':
    case 'ratify-baseline':
    case 'ratify-pg':
    case 'ratify-2x':
      return {
        // e.g. BENCH_RATIFY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the build
        // under test (not the baseline, so a Node flag can itself be what is compared).
        args:
          name === 'ratify-baseline'
            ? [baselineMain()]
            : [...nodeArgs('BENCH_RATIFY_NODE_ARGS'), ratifyMain],
        cwd: benchDir,
        env: {
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
          // Empty is unset for Ratify: a DATABASE_URL in the bench's own environment must not
          // turn the SQLite server into a PostgreSQL one.
          DATABASE_URL: '',
          REDIS_URL: '',
          ...(shared === null ? {} : shared.env(instance)),
        },
        ready: waitForHealth,
      };
    case 'hocuspocus':
      return plain(entry('hocuspocus-entry.mjs'));
    case 'hocuspocus-sqlite':
      return plain(entry('hocuspocus-entry.mjs', join(dataDir, 'hocuspocus.sqlite')));
    case 'y-websocket':
      return plain(entry('y-websocket-entry.mjs'));
    case 'relay':
      return plain(entry('relay-entry.mjs'));
  }
}

/** `count` ports, all different (a freed port can come back from the next freePort call). */
async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let attempt = 0; ports.length < count && attempt < 20; attempt++) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  if (ports.length < count) throw new Error(`could not find ${count} free ports`);
  return ports;
}

const sumStats = (all: ProcStats[]): ProcStats => ({
  cpuSeconds: all.reduce((sum, s) => sum + s.cpuSeconds, 0),
  rssBytes: all.reduce((sum, s) => sum + s.rssBytes, 0),
  peakRssBytes: all.reduce((sum, s) => sum + s.peakRssBytes, 0),
});

export async function startServer(name: ServerName): Promise<ServerHandle> {
  // ratify-pg and ratify-2x: a schema (and Redis prefix) of their own; throws ServiceUnavailable
  // when PostgreSQL or Redis does not answer.
  const shared =
    name === 'ratify-pg' || name === 'ratify-2x'
      ? await sharedServices(serverDir, name === 'ratify-2x')
      : null;
  const count = name === 'ratify-2x' ? 2 : 1;
  const dataDir = mkdtempSync(join(tmpdir(), `ratify-bench-${name}-`));
  const logDir = process.env.BENCH_SERVER_LOG_DIR;
  const procs: ServerProcess[] = [];
  const teardownData = async () => {
    await shared?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (logDir) mkdirSync(logDir, { recursive: true });
    const ports = await freePorts(count);
    ports.forEach((port, i) => {
      const instanceDir = count === 1 ? dataDir : join(dataDir, `instance-${i}`);
      mkdirSync(instanceDir, { recursive: true });
      // ratify-2x's instances are A and B (bases[0], bases[1]), in their log names too.
      const label = count === 1 ? name : `${name}-${'ab'[i]}`;
      procs.push(
        new ServerProcess(
          label,
          port,
          specFor(name, port, instanceDir, shared, i),
          join(logDir ?? dataDir, `${label}-${port}.log`),
        ),
      );
    });
  } catch (error) {
    await teardownData();
    throw error;
  }

  // One after the other: the first instance brings a fresh PostgreSQL schema up to date (and
  // generates the token secret in it) before the second one reads it.
  const launchAll = async () => {
    for (const proc of procs) await proc.launch();
  };
  const stopAll = async () => {
    if (isRatify(name) && logDir) {
      // Ratify's own histograms (persist, broadcast, …) for the case, next to its log.
      for (const proc of procs) {
        const metrics = await fetch(`http://127.0.0.1:${proc.port}/metrics`, {
          signal: AbortSignal.timeout(5_000),
        })
          .then((r) => r.text())
          .catch((error: unknown) => `# metrics unavailable: ${String(error)}\n`);
        writeFileSync(join(logDir, `${proc.label}-${proc.port}.log.metrics`), metrics);
      }
    }
    await Promise.all(procs.map((proc) => proc.kill('SIGTERM')));
  };

  // Ratify: one account per data dir (or PostgreSQL schema), signed up now on the first
  // instance; it outlives restart() and crashAndRestart(), which keep the data (and with it the
  // account, its session and the token key). Instances sharing the schema accept its tokens.
  let ratify: RatifySession | null = null;
  try {
    await launchAll();
    await shared?.monitor();
    const first = procs[0] as ServerProcess;
    if (isRatify(name)) ratify = await RatifySession.start(first.port);
  } catch (error) {
    await Promise.all(procs.map((proc) => proc.kill('SIGKILL')));
    await teardownData();
    throw error;
  }

  const bases = procs.map((proc) => `ws://127.0.0.1:${proc.port}`);
  const wire =
    name === 'hocuspocus' || name === 'hocuspocus-sqlite'
      ? hocuspocusWire
      : (ratify?.wire ?? yWebsocketWire(''));
  const handleFor = (index: number): ServerHandle => ({
    name,
    wire,
    base: bases[index] as string,
    bases,
    persistent: isRatify(name) || name === 'hocuspocus-sqlite',
    pid: () => (procs[index] as ServerProcess).pid(),
    instance: (i) => {
      if (!Number.isInteger(i) || i < 0 || i >= procs.length)
        throw new Error(`${name} has no instance ${i}`);
      return handleFor(i);
    },
    review: ratify?.review ?? null,
    createDoc: (title) =>
      ratify === null
        ? Promise.resolve(`${title}-${Math.random().toString(36).slice(2, 10)}`)
        : ratify.createDoc(title),
    authorize: (doc, options) => ratify?.authorize(doc, options) ?? Promise.resolve(),
    stats: () => sumStats(procs.map((proc) => proc.stats())),
    instanceStats: () => procs.map((proc) => proc.stats()),
    services: async () => (shared === null ? null : shared.stats()),
    async crashAndRestart() {
      await Promise.all(procs.map((proc) => proc.kill('SIGKILL')));
      await launchAll();
    },
    async restart() {
      await stopAll();
      await launchAll();
    },
    async stop() {
      try {
        await stopAll();
      } finally {
        await teardownData();
      }
    },
  });
  return handleFor(0);
}
