// `pnpm bench` — every scenario against every server, each in its own process.
//   --scenario fanout --scenario durability   run only these
//   --servers ratify,relay                    only these servers
//   --quick                                   shorter runs, fewer sizes (a smoke test)
//   --repeat 3                                repeat each case and report medians
//   --clients 500,1000                        fanout sizes to run
//   --review                                  fanout and many-docs with review data live
//   --signoff-clients 200                     readers in signoff-latency
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { editingHistory } from './history.js';
import { type CaseResult, type Metrics, printCase } from './report.js';
import { awarenessStorm } from './scenarios/awareness.js';
import { fanout } from './scenarios/fanout.js';
import { manyDocs } from './scenarios/many-docs.js';
import {
  applyCost,
  guardCost,
  markdownExportCost,
  persistLatency,
} from './scenarios/ratify-costs.js';
import { signoffLatency } from './scenarios/signoff-latency.js';
import { coldLoad, connectStorm, durability, largeDocument } from './scenarios/state.js';
import {
  DEFAULT_SERVERS,
  isRatify,
  SERVER_NAMES,
  type ServerHandle,
  type ServerName,
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
  },
});
const quick = values.quick ?? false;
/** Fanout and many-docs with review data live (see scenarios/review-live.ts). */
const review = values.review ?? false;
const reviewLabel = review ? ', review live' : '';
const signoffClients = Number(values['signoff-clients'] ?? 200);
const signoffs = quick ? 10 : 30;
const repeat = Math.max(1, Number(values.repeat));
const servers = (values.servers?.split(',') ?? [...DEFAULT_SERVERS]) as ServerName[];
for (const name of servers) {
  if (!(SERVER_NAMES as readonly string[]).includes(name))
    throw new Error(`unknown server ${name}`);
}

interface BenchCase {
  label: string;
  run: (server: ServerHandle) => Promise<Metrics>;
}

interface Scenario {
  name: string;
  ratios: string[];
  /** Measured in this process against Ratify's own modules, not per server. */
  ratifyOnly?: boolean;
  /** Runs on Ratify builds only; every other server gets a row saying it was skipped. */
  ratifyBuildsOnly?: boolean;
  cases: BenchCase[];
}

const NO_STATE: Metrics = { note: 'keeps no document state' };
const fanoutSeconds = quick ? 3 : 15;
const stormDoc = editingHistory(5_000, 100_000, 7);

const scenarios: Scenario[] = [
  {
    name: 'fanout',
    ratios: ['p99Ms', 'serverCpuSeconds'],
    cases: (
      values.clients?.split(',').map(Number) ?? (quick ? [50, 200] : [50, 200, 500, 1000, 1500])
    ).map((clients) => ({
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
async function runOnce(benchCase: BenchCase, name: ServerName | null): Promise<Metrics> {
  if (name === null) return benchCase.run(undefined as never);
  const server = await startServer(name);
  try {
    return await benchCase.run(server);
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

const selected = scenarios.filter((s) => !values.scenario || values.scenario.includes(s.name));
const results: CaseResult[] = [];
console.log(
  `Ratify benchmarks on ${new Date().toISOString()}: servers ${servers.join(', ')}${quick ? ' (quick)' : ''}, medians of ${repeat}`,
);
for (const scenario of selected) {
  for (const benchCase of scenario.cases) {
    const result: CaseResult = { scenario: scenario.name, label: benchCase.label, rows: [] };
    const names: readonly ServerName[] = scenario.ratifyOnly
      ? ['ratify']
      : scenario.ratifyBuildsOnly
        ? servers.filter(isRatify)
        : servers;
    const runs = new Map<ServerName, Metrics[]>(names.map((name) => [name, []]));
    // Repeats take turns (ratify, peer, …, ratify, peer, …), so a drift in the machine or in the
    // load generator over the run lands on every server alike instead of on whoever runs last.
    for (let i = 0; i < repeat; i++) {
      for (const name of names) {
        runs.get(name)?.push(await runOnce(benchCase, scenario.ratifyOnly ? null : name));
      }
    }
    for (const name of scenario.ratifyOnly ? names : servers) {
      const all = runs.get(name);
      result.rows.push(
        all === undefined
          ? { server: name, metrics: { note: 'not Ratify: skipped' }, runs: [] }
          : { server: name, metrics: medianMetrics(all), runs: all },
      );
    }
    printCase(result, scenario.ratios);
    results.push(result);
  }
}

// Ratify must never lose an edit: a benchmark that saw it lose one fails.
const ratifyLosses = results.flatMap((result) =>
  result.rows
    .filter((row) => row.server === 'ratify')
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
      return problems.map((problem) => `${result.scenario} (${result.label}): ${problem}`);
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
