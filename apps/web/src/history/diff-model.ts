/**
 * The section-by-section diff as the diff view shows it: long unchanged stretches inside a
 * changed section folded, unchanged sections grouped, checklist and field changes as text for
 * the eye ("Load balancing: ☐ → ☑") and for a screen reader ("changed from open to done").
 */
import {
  CHECKLIST_SYMBOLS,
  type ItemChange,
  type SectionDiff,
  type WordChange,
} from '@ratify/schema';

/** A piece of a section's word diff; `fold` stands for unchanged text left out. */
export type DiffPiece = WordChange | { kind: 'fold' };

/** Unchanged characters kept on each side of a change. */
const CONTEXT = 80;

const SPACE = /\s/;

/** The first `n` characters or so, ending at a space when there is one near. */
function head(text: string, n: number): string {
  if (text.length <= n) return text;
  let cut = n;
  while (cut > n / 2 && !SPACE.test(text[cut] ?? '')) cut--;
  return text.slice(0, cut > n / 2 ? cut : n);
}

/** The last `n` characters or so, starting after a space when there is one near. */
function tail(text: string, n: number): string {
  if (text.length <= n) return text;
  let start = text.length - n;
  const limit = text.length - n / 2;
  while (start < limit && !SPACE.test(text[start - 1] ?? '')) start++;
  return text.slice(start < limit ? start : text.length - n);
}

/**
 * The pieces to show: every change whole, `context` unchanged characters around each, the rest
 * folded. A diff with no change at all is returned as it is.
 */
export function foldWords(words: readonly WordChange[], context = CONTEXT): DiffPiece[] {
  const changed = words.map((w) => w.kind !== 'same');
  if (!changed.includes(true)) return [...words];
  const first = changed.indexOf(true);
  const last = changed.lastIndexOf(true);
  const out: DiffPiece[] = [];
  words.forEach((word, i) => {
    if (word.kind !== 'same') {
      out.push(word);
      return;
    }
    const { text } = word;
    if (i < first) {
      const kept = tail(text, context);
      if (kept.length < text.length) out.push({ kind: 'fold' });
      out.push({ kind: 'same', text: kept });
    } else if (i > last) {
      const kept = head(text, context);
      out.push({ kind: 'same', text: kept });
      if (kept.length < text.length) out.push({ kind: 'fold' });
    } else if (text.length > context * 2 + 20) {
      out.push({ kind: 'same', text: head(text, context) });
      out.push({ kind: 'fold' });
      out.push({ kind: 'same', text: tail(text, context) });
    } else {
      out.push(word);
    }
  });
  return out;
}

const STATE_WORDS: Record<string, string> = Object.fromEntries(
  Object.entries(CHECKLIST_SYMBOLS).map(([state, symbol]) => [
    symbol,
    state === 'not-applicable' ? 'not applicable' : state,
  ]),
);

/** A checklist item's or field's change: `visual` as shown, `spoken` for screen readers. */
export function itemText(item: ItemChange): { visual: string; spoken: string } {
  const checklist = item.kind === 'checklist';
  const label = item.label || (checklist ? 'Untitled item' : 'Unlabelled field');
  const what = checklist ? 'checklist item' : 'field';
  const say = (value: string) =>
    checklist ? (STATE_WORDS[value] ?? value) : value === '' ? 'empty' : value;
  const show = (value: string) => (!checklist && value === '' ? '(empty)' : value);
  if (item.from === null && item.to !== null) {
    return {
      visual: `${label}: new, ${show(item.to)}`,
      spoken: `${label}: ${what} added, ${say(item.to)}`,
    };
  }
  if (item.to === null && item.from !== null) {
    return {
      visual: `${label}: ${show(item.from)}, removed`,
      spoken: `${label}: ${what} removed, it was ${say(item.from)}`,
    };
  }
  const from = item.from ?? '';
  const to = item.to ?? '';
  return {
    visual: `${label}: ${show(from)} → ${show(to)}`,
    spoken: `${label}: ${what} changed from ${say(from)} to ${say(to)}`,
  };
}

export type SectionRow =
  | { kind: 'section'; section: SectionDiff }
  | { kind: 'unchanged'; sections: SectionDiff[] };

/** A section that needs no card of its own: same content, same title, same place. */
export const isQuiet = (s: SectionDiff) =>
  s.status === 'unchanged' && !s.moved && s.previousTitle === null;

/** The sections in order, each run of quiet ones as one row. */
export function sectionRows(sections: readonly SectionDiff[]): SectionRow[] {
  const rows: SectionRow[] = [];
  for (const section of sections) {
    const previous = rows.at(-1);
    if (!isQuiet(section)) rows.push({ kind: 'section', section });
    else if (previous?.kind === 'unchanged') previous.sections.push(section);
    else rows.push({ kind: 'unchanged', sections: [section] });
  }
  return rows;
}

export type BadgeKind = 'added' | 'removed' | 'changed' | 'moved' | 'renamed';

/** The badges of a section's card, in this order: what happened to it, moved, renamed. */
export function sectionBadges(section: SectionDiff): { kind: BadgeKind; text: string }[] {
  const badges: { kind: BadgeKind; text: string }[] = [];
  if (section.status === 'added') badges.push({ kind: 'added', text: 'Added' });
  else if (section.status === 'removed') badges.push({ kind: 'removed', text: 'Removed' });
  else if (section.status === 'changed') badges.push({ kind: 'changed', text: 'Changed' });
  if (section.moved) badges.push({ kind: 'moved', text: 'Moved' });
  if (section.previousTitle !== null) badges.push({ kind: 'renamed', text: 'Renamed' });
  return badges;
}

/** Sections: "2 changed · 1 added · 1 moved"; "No differences" when there are none. */
export function summaryText(summary: {
  added: number;
  removed: number;
  changed: number;
  moved: number;
}): string {
  const parts = [
    summary.changed > 0 ? `${summary.changed} changed` : null,
    summary.added > 0 ? `${summary.added} added` : null,
    summary.removed > 0 ? `${summary.removed} removed` : null,
    summary.moved > 0 ? `${summary.moved} moved` : null,
  ].filter((p): p is string => p !== null);
  return parts.length === 0 ? 'No differences' : parts.join(' · ');
}
