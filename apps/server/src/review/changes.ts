import { diffLines } from 'diff';

export interface ChangeLine {
  kind: 'added' | 'removed' | 'same';
  text: string;
}

/**
 * A table row without the padding that aligns its columns: one changed cell then changes one
 * line, not every line of the table (the Markdown pads columns to the widest cell).
 */
function unpadTableRow(line: string): string {
  if (!/^\s*\|.*\|\s*$/.test(line)) return line;
  return line
    .trim()
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/^(:?)-+(:?)$/, '$1---$2'))
    .join(' | ')
    .trim();
}

const unpadTables = (markdown: string) => markdown.split('\n').map(unpadTableRow).join('\n');

/**
 * What changed in a section since it was signed: its Markdown then and now, line by line (the
 * client shows it beside a stale sign-off), tables compared cell by cell.
 */
export function sectionChanges(signed: string, now: string): ChangeLine[] {
  return diffLines(unpadTables(signed), unpadTables(now)).flatMap((part) => {
    const kind: ChangeLine['kind'] = part.added ? 'added' : part.removed ? 'removed' : 'same';
    return part.value
      .replace(/\n$/, '')
      .split('\n')
      .map((text) => ({ kind, text }));
  });
}
