// A diff (diffDocuments) as text for a terminal or a file: one heading line per section with
// its status, the changed sections' Markdown with removed words as [-old-] and added ones as
// {+new+} (the convention of `git diff --word-diff`), then checklist ticks and field values.
import type { ItemChange, SectionDiff, WordChange } from '@ratify/schema';
import type { LabelledDiff } from './doc-source.js';

const MARK: Record<SectionDiff['status'], string> = {
  unchanged: '=',
  changed: '~',
  added: '+',
  removed: '-',
};

const INDENT = '    ';

/** One change's text, marked line by line so every line reads on its own. */
function marked(change: WordChange): string {
  if (change.kind === 'same') return change.text;
  const [open, close] = change.kind === 'added' ? ['{+', '+}'] : ['[-', '-]'];
  return change.text
    .split('\n')
    .map((line) => (line.trim() === '' ? line : `${open}${line}${close}`))
    .join('\n');
}

function item(change: ItemChange): string {
  const show = (value: string | null) =>
    value === null ? '(none)' : change.kind === 'field' ? JSON.stringify(value) : value;
  const label = change.label === '' ? '(unlabelled)' : change.label;
  return `${INDENT}${change.kind} ${label}: ${show(change.from)} → ${show(change.to)}`;
}

function section(s: SectionDiff): string[] {
  const notes: string[] = [s.status];
  if (s.moved) notes.push('moved');
  if (s.previousTitle !== null) notes.push(`was ${JSON.stringify(s.previousTitle)}`);
  const lines = [`${MARK[s.status]} ${s.title} (${notes.join(', ')})`];
  if (s.words.length > 0) {
    const text = s.words.map(marked).join('').replace(/\n+$/, '');
    for (const line of text.split('\n')) lines.push(line === '' ? '' : `${INDENT}${line}`);
  }
  if (s.items.length > 0) {
    if (s.words.length > 0) lines.push('');
    for (const change of s.items) lines.push(item(change));
  }
  return lines;
}

export function diffText(docId: string, diff: LabelledDiff): string {
  const { summary } = diff;
  const out = [
    `diff of ${docId}: ${diff.from} → ${diff.to}`,
    `${summary.changed} changed, ${summary.added} added, ${summary.removed} removed, ${summary.moved} moved`,
  ];
  for (const s of diff.sections) {
    out.push('');
    out.push(...section(s));
  }
  return `${out.join('\n')}\n`;
}
