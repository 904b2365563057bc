// Tables on stdout: aligned columns under a header for a person at a terminal, tab-separated
// rows without a header when piped (for cut, awk, sort …).
export function printTable(header: string[], rows: string[][]): void {
  if (!process.stdout.isTTY) {
    for (const row of rows) process.stdout.write(`${row.map(cell).join('\t')}\n`);
    return;
  }
  const all = [header, ...rows.map((row) => row.map(cell))];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  for (const row of all) {
    const line = row.map((value, i) =>
      i === row.length - 1 ? value : value.padEnd(widths[i] ?? 0),
    );
    process.stdout.write(`${line.join('  ').trimEnd()}\n`);
  }
}

/** One line per cell: tabs and line breaks in a value (a title) become spaces. */
const cell = (value: string) => value.replace(/[\t\r\n]+/g, ' ');

/** A time for people: ISO 8601 in UTC, to the second. */
export const isoTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
