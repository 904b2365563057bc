// `pnpm bench` — every scenario against every server, each in its own process.
//   --scenario fanout --scenario durability   run only these (scale-fanout runs only when named)
//   --servers ratify,relay                    only these servers
//   --quick                                   shorter runs, fewer sizes (a smoke test)
//   --repeat 3                                repeat each case and report medians
//   --clients 500,1000                        fanout (and scale-fanout) sizes to run
//   --review                                  fanout and many-docs with review data live
//   --signoff-clients 200                     readers in signoff-latency
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { editingHistory } from './history.js';
import {
  type CaseResult,
  type CaseRow,
  type Metrics,
  printCase,
  ratiosAgainst,
  rowName,
} from './report.js';
import { awarenessStorm } from './scenarios/awareness.js';
import { fanout } from './scenarios/fanout.js';
import { manyDocs } from './scenarios/many-docs.js';
import {
  applyCost,
  guardCost,
  markdownExportCost,
  persistLatency,
} from './scenarios/ratify-costs.js';
import {
  type Placement,
  SCALE_REFERENCE,
  SCALE_TARGETS,
  scaleFanout,
} from './scenarios/scale-fanout.js';
import { signoffLatency } from './scenarios/signoff-latency.js';
import { coldLoad, connectStorm, durability, largeDocument } from './scenarios/state.js';
import {
  DEFAULT_SERVERS,
  isRatify,
  isRatifyUnderTest,
  SERVER_NAMES,
  type ServerHandle,
  type ServerName,
  ServiceUnavailable,
  startServer,
} from './servers/index.js';
import { median } from './stats.js';

const { values } = parseArgs({
  // `pnpm bench -- --quick` passes the `--` separator through.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    scenario: { type: 'string', multiple: true },
    clients: { type: 'string' },
    servers: { type: 'string' },
    quick: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
    review: { type: 'boolean', default: false },
    'signoff-clients': { type: 'string' },
    // The web app's benchmarks (apps/web/bench/run.ts) get the same options from the root
    // `pnpm bench -- …`: their sizes are theirs.
    crowd: { type: 'string' },
  },
});
/** Scenarios the web app's benchmarks run (apps/web/bench/run.ts): named, they are not ours. */
const WEB_SCENARIOS = ['time-to-editable', 'browser-crowd'];
const quick = values.quick ?? false;
/** Fanout and many-docs with review data live (see scenarios/review-live.ts). */
const review = values.review ?? false;
const reviewLabel = review ? ', review live' : '';
const signoffClients = Number(values['signoff-clients'] ?? 200);
const signoffs = quick ? 10 : 30;
const repeat = Math.max(1, Number(values.repeat));
const namedServers = values.servers?.split(',') as ServerName[] | undefined;
const servers = namedServers ?? [...DEFAULT_SERVERS];
for (const name of servers) {
  if (!(SERVER_NAMES as readonly string[]).includes(name))
    throw new Error(`unknown server ${name}`);
}

interface BenchCase {
  label: string;
  /** `variant`: the target's, for scenarios with targets of their own (scale-fanout). */
  run: (server: ServerHandle, variant?: string) => Promise<Metrics>;
}

/** One row of a case: a server, and how the scenario uses it where that varies. */
interface Target {
  server: ServerName;
  variant?: string;
}

interface Scenario {
  name: string;
  ratios: string[];
  /** Measured in this process against Ratify's own modules, not per server. */
  ratifyOnly?: boolean;
  /** Runs on Ratify builds only; every other server gets a row saying it was skipped. */
  ratifyBuildsOnly?: boolean;
  /** Runs only when named in `--scenario`. */
  optIn?: boolean;
  /** Rows of its own instead of one per server (those of `--servers` only, when given). */
  targets?: readonly Target[];
  /** Ratios of every row to this one instead of Ratify/peer and floor ratios. */
  against?: string;
  cases: BenchCase[];
}

const NO_STATE: Metrics = { note: 'keeps no document state' };
const fanoutSeconds = quick ? 3 : 15;
const clientCounts = values.clients?.split(',').map(Number);
const stormDoc = editingHistory(5_000, 100_000, 7);

const scenarios: Scenario[] = [
  {
    name: 'fanout',
    ratios: ['p99Ms', 'serverCpuSeconds'],
    cases: (clientCounts ?? (quick ? [50, 200] : [50, 200, 500, 1000, 1500])).map((clients) => ({
      label: `${clients} clients, one writer at 20 updates/s for ${fanoutSeconds} s${reviewLabel}`,
      run: async (server) => {
        const { clients: _clients, ...metrics } = await fanout(server, {
          clients,
          seconds: fanoutSeconds,
          updatesPerSecond: 20,
          fullClients: 5,
          review,
        });
        return { ...metrics };
      },
    })),
  },
  {
    name: 'scale-fanout',
    ratios: ['p50Ms', 'p99Ms', 'serverCpuSeconds'],
    optIn: true,
    targets: SCALE_TARGETS,
    against: SCALE_REFERENCE,
    cases: (clientCounts ?? [quick ? 100 : 500]).map((clients) => ({
      label: `${clients} clients on one document, one writer at 20 updates/s for ${fanoutSeconds} s: one instance (SQLite, PostgreSQL), two on PostgreSQL + Redis (writer on A; readers all on B = spread, or alternating A/B = split)`,
      run: async (server, variant) => ({
        ...(await scaleFanout(server, variant as Placement | undefined, clients, fanoutSeconds)),
      }),
    })),
  },
  {
    name: 'many-docs',
    ratios: ['p99Ms', 'serverRssMb', 'rssPerDocKb', 'cpuMsPerEdit'],
    cases: [
      {
        label: `${quick ? 100 : 1000} documents × 2 clients, one edit per client per second${reviewLabel}`,
        run: async (server) => ({
          ...(await manyDocs(server, quick ? 100 : 1000, quick ? 5 : 15, review)),
        }),
      },
    ],
  },
  {
    name: 'signoff-latency',
    ratios: ['p99Ms', 'lastP99Ms', 'postP50Ms'],
    ratifyBuildsOnly: true,
    cases: [
      {
        label: `${signoffClients} clients with ?review=1, ${signoffs} sign-offs one after the other: request until every client has the record`,
        run: async (server) => ({
          ...(await signoffLatency(server, { clients: signoffClients, signoffs })),
        }),
      },
    ],
  },
  {
    name: 'cold-load',
    ratios: ['medianMs'],
    cases: [
      {
        label:
          '20,000-transaction history (~100 KB of text), server restarted, connect until the full text is in',
        run: async (server): Promise<Metrics> =>
          server.persistent
            ? { ...(await coldLoad(server, quick ? 2 : 5)) }
            : { note: 'keeps nothing across a restart' },
      },
    ],
  },
  {
    name: 'connect-storm',
    ratios: ['allSyncedMs', 'serverPeakRssMb'],
    cases: [
      {
        label: `${quick ? 100 : 500} clients join a ~100 KB document at once`,
        run: async (server) =>
          server.name === 'relay'
            ? NO_STATE
            : { ...(await connectStorm(server, quick ? 100 : 500, stormDoc)) },
      },
      {
        label: `${quick ? 30 : 150} clients join a ${quick ? 5 : 20} MB document at once`,
        run: async (server) =>
          server.name === 'relay'
            ? NO_STATE
            : { ...(await connectStorm(server, quick ? 30 : 150, largeDocument(quick ? 5 : 20))) },
      },
    ],
  },
  {
    name: 'awareness-storm',
    ratios: ['p95Ms', 'serverCpuSeconds'],
    cases: [
      {
        label: `${quick ? 50 : 200} clients moving their cursor at 2 Hz for ${quick ? 5 : 15} s`,
        run: async (server) => ({
          ...(await awarenessStorm(server, quick ? 50 : 200, 2, quick ? 5 : 15)),
        }),
      },
    ],
  },
  {
    name: 'ratify-costs',
    ratios: [],
    ratifyOnly: true,
    cases: [
      {
        label:
          'persist latency: 50 writers × 20 appends/s, each waiting for its own commit (group commit)',
        run: async () => ({ ...(await persistLatency(50, 20, quick ? 2 : 5)) }),
      },
      {
        label: 'apply: one keystroke update into a room Y.Doc',
        run: async () => ({ ...applyCost(quick ? 5_000 : 20_000) }),
      },
      {
        label: 'Markdown export of the template document',
        run: async () => ({ ...markdownExportCost(quick ? 20 : 100) }),
      },
      {
        label:
          "permission check: roleGuard() deciding an editor's keystroke against a 20,000-transaction document",
        run: async () => ({ ...guardCost(quick ? 5_000 : 20_000) }),
      },
    ],
  },
  {
    name: 'durability',
    ratios: [],
    cases: [
      {
        label: '100 edits, SIGKILL 100 ms after the last, restart: edits kept',
        run: async (server) => ({ ...(await durability(server)) }),
      },
    ],
  },
];

/** One run of a case on a fresh server (or in process, for Ratify-only cases). */
async function runOnce(benchCase: BenchCase, target: Target | null): Promise<Metrics> {
  if (target === null) return benchCase.run(undefined as never);
  let server: ServerHandle;
  try {
    server = await startServer(target.server);
  } catch (error) {
    // PostgreSQL or Redis is not there: a row that says so, not a failed run.
    if (error instanceof ServiceUnavailable) return { note: `skipped: ${error.message}` };
    throw error;
  }
  try {
    return await benchCase.run(server, target.variant);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    await server.stop();
  }
}

function medianMetrics(runs: Metrics[]): Metrics {
  const first = runs[0] ?? {};
  return Object.fromEntries(
    Object.keys(first).map((key) => {
      const values = runs.map((run) => run[key]);
      if (values.every((v) => typeof v === 'number')) return [key, median(values as number[])];
      if (values.every((v) => typeof v === 'boolean')) return [key, values.every(Boolean)];
      return [key, values[0] as string];
    }),
  );
}

const selected = scenarios.filter((s) =>
  values.scenario ? values.scenario.includes(s.name) : s.optIn !== true,
);
for (const name of values.scenario ?? []) {
  if (!scenarios.some((s) => s.name === name) && !WEB_SCENARIOS.includes(name))
    throw new Error(`unknown scenario ${name}`);
}
const sameTarget = (a: Target, b: Target) => a.server === b.server && a.variant === b.variant;
const results: CaseResult[] = [];
console.log(
  `Ratify benchmarks on ${new Date().toISOString()}: servers ${servers.join(', ')}${quick ? ' (quick)' : ''}, medians of ${repeat}`,
);
for (const scenario of selected) {
  // Who gets a row, and who runs: every server, Ratify builds only (the rest get a skipped
  // row), Ratify's modules in this process, or the scenario's own targets.
  const rowTargets: readonly Target[] = scenario.ratifyOnly
    ? [{ server: 'ratify' }]
    : scenario.targets !== undefined
      ? scenario.targets.filter(
          (t) => namedServers === undefined || namedServers.includes(t.server),
        )
      : servers.map((server) => ({ server }));
  const runTargets = scenario.ratifyBuildsOnly
    ? rowTargets.filter((t) => isRatify(t.server))
    : rowTargets;
  for (const benchCase of scenario.cases) {
    const result: CaseResult = { scenario: scenario.name, label: benchCase.label, rows: [] };
    const runs = runTargets.map((target) => ({ target, all: [] as Metrics[] }));
    // Repeats take turns (ratify, peer, …, ratify, peer, …), so a drift in the machine or in the
    // load generator over the run lands on every server alike instead of on whoever runs last.
    for (let i = 0; i < repeat; i++) {
      for (const { target, all } of runs) {
        all.push(await runOnce(benchCase, scenario.ratifyOnly ? null : target));
      }
    }
    for (const target of rowTargets) {
      const all = runs.find((run) => sameTarget(run.target, target))?.all;
      const row: CaseRow =
        all === undefined
          ? { ...target, metrics: { note: 'not Ratify: skipped' }, runs: [] }
          : { ...target, metrics: medianMetrics(all), runs: all };
      result.rows.push(row);
    }
    if (scenario.against !== undefined)
      result.ratios = ratiosAgainst(result, scenario.ratios, scenario.against);
    printCase(result, scenario.ratios, scenario.against);
    results.push(result);
  }
}

// Ratify must never lose an edit: a benchmark that saw it lose one fails.
const ratifyLosses = results.flatMap((result) =>
  result.rows
    .filter((row) => isRatifyUnderTest(row.server))
    .flatMap((row) => {
      const { lostUpdates, lostEdits, lostDeliveries, sent, kept, error } = row.metrics;
      const problems: string[] = [];
      if (typeof error === 'string') problems.push(`error: ${error}`);
      if (typeof lostUpdates === 'number' && lostUpdates > 0)
        problems.push(`${lostUpdates} updates lost`);
      if (typeof lostEdits === 'number' && lostEdits > 0) problems.push(`${lostEdits} edits lost`);
      if (typeof lostDeliveries === 'number' && lostDeliveries > 0)
        problems.push(`${lostDeliveries} review pushes not delivered`);
      if (typeof kept === 'number' && typeof sent === 'number' && kept < sent)
        problems.push(`kept ${kept} of ${sent}`);
      return problems.map(
        (problem) => `${result.scenario} (${result.label}), ${rowName(row)}: ${problem}`,
      );
    }),
);

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  JSON.stringify(
    { at: new Date().toISOString(), quick, repeat, review, servers, results },
    null,
    2,
  ),
);
console.log(`\nResults written to ${file}`);
if (ratifyLosses.length > 0) {
  console.error(`\nRatify lost data:\n- ${ratifyLosses.join('\n- ')}`);
  process.exit(1);
}
