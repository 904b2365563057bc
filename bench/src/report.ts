import type { ServerName } from './servers/index.js';

export type Metrics = Record<string, number | boolean | string>;
export interface CaseResult {
  scenario: string;
  label: string;
  /** `metrics` holds the medians; `runs` every repeat, in the order they ran (JSON only). */
  rows: { server: ServerName; metrics: Metrics; runs: Metrics[] }[];
}

const FLOOR: ServerName = 'relay';

function format(value: number | boolean | string | undefined): string {
  if (value === undefined) return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'NO';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return 'n/a';
  if (Number.isInteger(value)) return String(value);
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function ratio(a: unknown, b: unknown): string {
  if (
    typeof a !== 'number' ||
    typeof b !== 'number' ||
    !Number.isFinite(a) ||
    !Number.isFinite(b) ||
    b === 0
  ) {
    return 'n/a';
  }
  return `${(a / b).toFixed(2)}×`;
}

/** A table per case: one row per server, then Ratify/peer and server/floor ratios. */
export function printCase(result: CaseResult, ratioMetrics: readonly string[]): void {
  const keys = [...new Set(result.rows.flatMap((row) => Object.keys(row.metrics)))];
  const width = Math.max(18, ...result.rows.map((row) => row.server.length + 2));
  const columns = keys.map(
    (key) =>
      Math.max(key.length, 8, ...result.rows.map((row) => format(row.metrics[key]).length)) + 2,
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(width) : cell.padStart(columns[i - 1] as number)))
      .join('');
  console.log(`\n## ${result.scenario}: ${result.label}`);
  console.log(line(['server', ...keys]));
  for (const row of result.rows)
    console.log(line([row.server, ...keys.map((key) => format(row.metrics[key]))]));

  const ratify = result.rows.find((row) => row.server === 'ratify');
  const floor = result.rows.find((row) => row.server === FLOOR);
  for (const key of ratioMetrics) {
    if (!keys.includes(key)) continue;
    const parts: string[] = [];
    if (ratify) {
      for (const row of result.rows) {
        if (row.server !== 'ratify' && row.server !== FLOOR)
          parts.push(`ratify/${row.server} ${ratio(ratify.metrics[key], row.metrics[key])}`);
      }
    }
    if (floor) {
      for (const row of result.rows) {
        if (row.server !== FLOOR)
          parts.push(`${row.server}/floor ${ratio(row.metrics[key], floor.metrics[key])}`);
      }
    }
    if (parts.length) console.log(`  ${key}: ${parts.join(', ')}`);
  }
}
