import { diffLines } from 'diff';

export interface ChangeLine {
  kind: 'added' | 'removed' | 'same';
  text: string;
}

/**
 * What changed in a section since it was signed: its Markdown then and now, line by line (the
 * client shows it beside a stale sign-off).
 */
export function sectionChanges(signed: string, now: string): ChangeLine[] {
  return diffLines(signed, now).flatMap((part) => {
    const kind: ChangeLine['kind'] = part.added ? 'added' : part.removed ? 'removed' : 'same';
    return part.value
      .replace(/\n$/, '')
      .split('\n')
      .map((text) => ({ kind, text }));
  });
}
