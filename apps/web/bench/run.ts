// The web app's benchmarks, in Debian's Chromium against the real built server (run after
// `pnpm build`; `pnpm bench` at the root runs them after the server's, through turbo):
//   --scenario time-to-editable --scenario browser-crowd   only these (others' names are skipped)
//   --quick                 browser-crowd at 1 and 50 collaborators, once, shorter windows
//   --repeat 3              browser-crowd runs per size, medians reported (default 3; quick 1)
//   --crowd 1,50,200,500    browser-crowd sizes
// BENCH_CROWD_PROFILE=/tmp/crowd writes a CPU profile of the page per size (/tmp/crowd-n50.cpuprofile).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM_PATH, hasChromium, launchBrowser, WEB_ROOT } from '../test/harness';
import { type CrowdFigures, crowdCase } from './browser-crowd';
import { timeToEditable } from './time-to-editable';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  // The root `pnpm bench -- …` hands every package the same options: the server benchmarks'
  // ones are not for here.
  strict: false,
  options: {
    scenario: { type: 'string', multiple: true },
    quick: { type: 'boolean', default: false },
    repeat: { type: 'string' },
    crowd: { type: 'string' },
  },
});
const quick = values.quick === true;
const named = (values.scenario ?? []) as string[];
const wanted = (name: string) => named.length === 0 || named.includes(name);
const repeat = Math.max(1, Number(values.repeat ?? (quick ? 1 : 3)));
const sizes =
  typeof values.crowd === 'string'
    ? values.crowd.split(',').map(Number)
    : quick
      ? [1, 50]
      : [1, 50, 200, 500];

/** At N = 500 (or the largest size run): what the page must still do. */
const TARGETS: Array<{
  figure: keyof CrowdFigures;
  goal: string;
  met: (value: number, atOne: number) => boolean;
}> = [
  {
    figure: 'keyP95Ms',
    goal: '< 50 ms and < 2× N=1',
    met: (v, one) => v < 50 && v < 2 * Math.max(one, 16),
  },
  { figure: 'remoteP95Ms', goal: '< 300 ms', met: (v) => v < 300 },
  { figure: 'longestTaskMs', goal: '< 200 ms', met: (v) => v < 200 },
  { figure: 'scrollFps', goal: '≥ 50 fps', met: (v) => v >= 50 },
  { figure: 'heapMb', goal: '< 300 MB', met: (v) => v < 300 },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

function medians(runs: CrowdFigures[]): CrowdFigures {
  const first = runs[0] as CrowdFigures;
  return Object.fromEntries(
    Object.keys(first).map((key) => [
      key,
      median(runs.map((run) => run[key as keyof CrowdFigures])),
    ]),
  ) as unknown as CrowdFigures;
}

const shown = (value: number) =>
  !Number.isFinite(value)
    ? 'n/a'
    : Math.abs(value) >= 100
      ? value.toFixed(0)
      : Math.abs(value) >= 10
        ? value.toFixed(1)
        : value.toFixed(2);

async function browserCrowd(): Promise<void> {
  const profileTo = process.env.BENCH_CROWD_PROFILE;
  const options = {
    ...(quick
      ? { keystrokes: 60, settleMs: 3_000, scrollMs: 2_000, typists: 20 }
      : { keystrokes: 200, settleMs: 10_000, scrollMs: 5_000, typists: 20 }),
    ...(profileTo !== undefined ? { profileTo } : {}),
  };
  const browser = await launchBrowser();
  const runs = new Map<number, CrowdFigures[]>(sizes.map((n) => [n, []]));
  try {
    // Sizes take turns (1, 50, …, 1, 50, …) so drift over the run lands on every size alike.
    for (let i = 0; i < repeat; i++) {
      for (const n of sizes) {
        const figures = await crowdCase(browser, n, options);
        console.log(`browser-crowd N=${n} run ${i + 1}/${repeat}: ${JSON.stringify(figures)}`);
        runs.get(n)?.push(figures);
      }
    }
  } finally {
    await browser.close();
  }
  const rows = sizes.map((n) => medians(runs.get(n) ?? []));
  const atOne = rows.find((row) => row.collaborators === 1) ?? rows[0];
  const figures = Object.keys(rows[0] ?? {}).filter(
    (key) => key !== 'collaborators',
  ) as (keyof CrowdFigures)[];
  console.log(
    `\nbrowser-crowd: one Chromium page (1440×900) with the template open, N collaborators (20 typing at 5 keys/s, carets moving once a second), a comment every 2 s and a sign-off every 5 s; medians of ${repeat}${quick ? ' (quick)' : ''}; (×) = ratio to N=1`,
  );
  console.table(
    Object.fromEntries(
      figures.map((figure) => [
        figure,
        Object.fromEntries(
          rows.map((row) => {
            const ratio = atOne ? row[figure] / atOne[figure] : Number.NaN;
            const text = `${shown(row[figure])}${row.collaborators === 1 || !Number.isFinite(ratio) ? '' : ` (${ratio.toFixed(2)}×)`}`;
            return [`N=${row.collaborators}`, text];
          }),
        ),
      ]),
    ),
  );
  const largest = rows.at(-1);
  if (largest && atOne) {
    console.table(
      TARGETS.map((target) => ({
        [`at N=${largest.collaborators}`]: target.figure,
        goal: target.goal,
        measured: shown(largest[target.figure]),
        met: target.met(largest[target.figure], atOne[target.figure]) ? 'yes' : 'NO',
      })),
    );
  }
  const out = path.join(WEB_ROOT, '../../bench/results');
  mkdirSync(out, { recursive: true });
  const file = path.join(
    out,
    `browser-crowd-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), quick, repeat, options, medians: rows, runs: Object.fromEntries(runs) }, null, 2)}\n`,
  );
  console.log(`written ${path.relative(process.cwd(), file)}`);
}

async function main() {
  if (wanted('time-to-editable')) {
    await timeToEditable(Number(process.env.RATIFY_BENCH_RUNS ?? (quick ? 3 : 7)));
  }
  if (wanted('browser-crowd')) {
    if (!hasChromium) console.warn(`no Chromium at ${CHROMIUM_PATH}: browser-crowd skipped`);
    else await browserCrowd();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
