import type { ServerName } from './servers/index.js';

export type Metrics = Record<string, number | boolean | string>;
export interface CaseRow {
  server: ServerName;
  /** How the scenario used the server, where it has more than one way (scale-fanout). */
  variant?: string;
  metrics: Metrics;
  runs: Metrics[];
}
export interface CaseResult {
  scenario: string;
  label: string;
  /** `metrics` holds the medians; `runs` every repeat, in the order they ran (JSON only). */
  rows: CaseRow[];
  /** Scenarios compared against one row (scale-fanout): metric → row → its ratio to that row. */
  ratios?: Record<string, Record<string, number>>;
}

/** A row's name in the tables: the server, and how it was used where that varies. */
export const rowName = (row: Pick<CaseRow, 'server' | 'variant'>): string =>
  row.variant === undefined ? row.server : `${row.server} ${row.variant}`;

const FLOOR: ServerName = 'relay';

function format(value: number | boolean | string | undefined): string {
  if (value === undefined) return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'NO';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return 'n/a';
  if (Number.isInteger(value)) return String(value);
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function ratioOf(a: unknown, b: unknown): number | null {
  if (
    typeof a !== 'number' ||
    typeof b !== 'number' ||
    !Number.isFinite(a) ||
    !Number.isFinite(b) ||
    b === 0
  ) {
    return null;
  }
  return a / b;
}

function ratio(a: unknown, b: unknown): string {
  const value = ratioOf(a, b);
  return value === null ? 'n/a' : `${value.toFixed(2)}×`;
}

/** Every other row's median over the `against` row's, per metric (rows without one left out). */
export function ratiosAgainst(
  result: CaseResult,
  metrics: readonly string[],
  against: string,
): Record<string, Record<string, number>> {
  const reference = result.rows.find((row) => rowName(row) === against);
  const ratios: Record<string, Record<string, number>> = {};
  if (reference === undefined) return ratios;
  for (const key of metrics) {
    for (const row of result.rows) {
      if (row === reference) continue;
      const value = ratioOf(row.metrics[key], reference.metrics[key]);
      if (value === null) continue;
      const byRow = ratios[key] ?? {};
      byRow[rowName(row)] = value;
      ratios[key] = byRow;
    }
  }
  return ratios;
}

/**
 * A table per case: one row per server, then Ratify/peer and server/floor ratios, or with
 * `against` (a row's name) every row over that one.
 */
export function printCase(
  result: CaseResult,
  ratioMetrics: readonly string[],
  against?: string,
): void {
  const keys = [...new Set(result.rows.flatMap((row) => Object.keys(row.metrics)))];
  const width = Math.max(18, ...result.rows.map((row) => rowName(row).length + 2));
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
    console.log(line([rowName(row), ...keys.map((key) => format(row.metrics[key]))]));

  if (against !== undefined) {
    const ratios = ratiosAgainst(result, ratioMetrics, against);
    for (const [key, byRow] of Object.entries(ratios)) {
      const parts = Object.entries(byRow).map(
        ([name, value]) => `${name}/${against} ${value.toFixed(2)}×`,
      );
      console.log(`  ${key}: ${parts.join(', ')}`);
    }
    return;
  }

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
