/**
 * What changed in a section since a stale sign-off was given, as the panel shows it: the
 * server's line changes of the section's Markdown (apps/server/src/review/changes.ts), with
 * long unchanged stretches folded so the changes stand out. Text only.
 */

export interface ChangeLine {
  kind: 'added' | 'removed' | 'same';
  text: string;
}

export type DiffRow = ChangeLine | { kind: 'gap'; count: number };

/** Unchanged lines kept on each side of a change. */
const CONTEXT = 2;

/** The rows to show: every change, `context` unchanged lines around each, the rest folded. */
export function diffRows(lines: readonly ChangeLine[], context = CONTEXT): DiffRow[] {
  const keep = lines.map(() => false);
  lines.forEach((line, i) => {
    if (line.kind === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) {
      keep[j] = true;
    }
  });
  const rows: DiffRow[] = [];
  let folded = 0;
  lines.forEach((line, i) => {
    if (keep[i]) {
      if (folded > 0) rows.push({ kind: 'gap', count: folded });
      folded = 0;
      rows.push(line);
    } else {
      folded++;
    }
  });
  if (folded > 0) rows.push({ kind: 'gap', count: folded });
  return rows;
}

export function diffCounts(lines: readonly ChangeLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (line.kind === 'added') added++;
    else if (line.kind === 'removed') removed++;
  }
  return { added, removed };
}

/** "+2 −1": how big a change is, at a glance. */
export function diffSize(lines: readonly ChangeLine[]): string {
  const { added, removed } = diffCounts(lines);
  return `+${added} −${removed}`;
}

export interface StaleChange {
  /** The reviewers whose sign-off this diff is about (they signed the same text). */
  signers: string[];
  lines: ChangeLine[];
}

/**
 * One diff per distinct signed text of a section: reviewers who signed the same content see the
 * same changes, shown once with all their names. `changes`: signer → lines, for the section.
 */
export function staleChanges(
  staleSigners: readonly string[],
  changes: ReadonlyMap<string, readonly ChangeLine[]> | undefined,
): StaleChange[] {
  const groups = new Map<string, StaleChange>();
  for (const signer of staleSigners) {
    const lines = changes?.get(signer);
    if (!lines?.some((l) => l.kind !== 'same')) continue;
    const key = JSON.stringify(lines);
    const group = groups.get(key);
    if (group) group.signers.push(signer);
    else groups.set(key, { signers: [signer], lines: [...(lines ?? [])] });
  }
  return [...groups.values()];
}

export function isChangeLines(value: unknown): value is ChangeLine[] {
  return (
    Array.isArray(value) &&
    value.every(
      (l) =>
        typeof l === 'object' &&
        l !== null &&
        (l.kind === 'added' || l.kind === 'removed' || l.kind === 'same') &&
        typeof l.text === 'string',
    )
  );
}
