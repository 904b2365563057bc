import type { SectionDiff } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import {
  type DiffPiece,
  foldWords,
  itemText,
  sectionBadges,
  sectionRows,
  summaryText,
} from './diff-model';

const same = (text: string) => ({ kind: 'same' as const, text });
const added = (text: string) => ({ kind: 'added' as const, text });
const removed = (text: string) => ({ kind: 'removed' as const, text });
const words = (n: number, word = 'lorem') => Array.from({ length: n }, () => word).join(' ');
const shown = (pieces: DiffPiece[]) =>
  pieces
    .map((p) => (p.kind === 'fold' ? '…' : p.kind === 'same' ? p.text : `[${p.text}]`))
    .join('');

const section = (over: Partial<SectionDiff>): SectionDiff => ({
  id: 'h1',
  title: 'Context',
  previousTitle: null,
  status: 'unchanged',
  moved: false,
  words: [],
  items: [],
  ...over,
});

describe('foldWords', () => {
  it('keeps short diffs whole', () => {
    const input = [same('## Context\n\nThe '), removed('old'), added('new'), same(' ledger.')];
    expect(foldWords(input)).toEqual(input);
  });

  it('folds long unchanged text before, between and after changes, at word boundaries', () => {
    const long = words(60);
    const input = [
      same(`${long} `),
      added('first'),
      same(` ${long} `),
      removed('second'),
      same(` ${long}`),
    ];
    const out = foldWords(input, 40);
    expect(out.filter((p) => p.kind === 'fold')).toHaveLength(3);
    expect(out.filter((p) => p.kind === 'added' || p.kind === 'removed')).toEqual([
      added('first'),
      removed('second'),
    ]);
    for (const piece of out) {
      if (piece.kind !== 'same') continue;
      expect(piece.text.length).toBeLessThanOrEqual(40);
      // Never half a word: each kept stretch is whole "lorem"s (and spaces).
      expect(piece.text.replace(/lorem/g, '').trim()).toBe('');
    }
    expect(shown(out)).toMatch(/^…[ lorem]+\[first\][ lorem]+…[ lorem]+\[second\][ lorem]+…$/);
  });

  it('leaves a diff without changes as it is', () => {
    expect(foldWords([same(words(100))], 10)).toEqual([same(words(100))]);
  });

  it('cuts where it must when there is no space near', () => {
    const out = foldWords([same('x'.repeat(200)), added('y')], 20);
    expect(out).toEqual([{ kind: 'fold' }, same('x'.repeat(20)), added('y')]);
  });
});

describe('itemText', () => {
  it('shows checklist ticks as symbols and says them in words', () => {
    expect(itemText({ kind: 'checklist', label: 'Load balancing', from: '☐', to: '☑' })).toEqual({
      visual: 'Load balancing: ☐ → ☑',
      spoken: 'Load balancing: checklist item changed from open to done',
    });
    expect(itemText({ kind: 'checklist', label: 'Caching', from: '☑', to: '⊘' }).spoken).toBe(
      'Caching: checklist item changed from done to not applicable',
    );
    expect(itemText({ kind: 'checklist', label: 'Backups', from: null, to: '☐' })).toEqual({
      visual: 'Backups: new, ☐',
      spoken: 'Backups: checklist item added, open',
    });
    expect(itemText({ kind: 'checklist', label: '', from: '☐', to: null })).toEqual({
      visual: 'Untitled item: ☐, removed',
      spoken: 'Untitled item: checklist item removed, it was open',
    });
  });

  it('shows field values, an empty one as such', () => {
    expect(itemText({ kind: 'field', label: 'Framework', from: 'React', to: 'Svelte' })).toEqual({
      visual: 'Framework: React → Svelte',
      spoken: 'Framework: field changed from React to Svelte',
    });
    expect(itemText({ kind: 'field', label: 'Owner', from: '', to: 'Ada' })).toEqual({
      visual: 'Owner: (empty) → Ada',
      spoken: 'Owner: field changed from empty to Ada',
    });
  });
});

describe('sections', () => {
  it('groups runs of quiet sections, keeps moved and changed ones apart', () => {
    const rows = sectionRows([
      section({ id: 'a' }),
      section({ id: 'b' }),
      section({ id: 'c', status: 'changed' }),
      section({ id: 'd', moved: true }),
      section({ id: 'e' }),
    ]);
    expect(
      rows.map((r) => (r.kind === 'unchanged' ? r.sections.map((s) => s.id) : r.section.id)),
    ).toEqual([['a', 'b'], 'c', 'd', ['e']]);
  });

  it('badges what happened to a section', () => {
    expect(sectionBadges(section({ status: 'added' })).map((b) => b.text)).toEqual(['Added']);
    expect(
      sectionBadges(section({ status: 'changed', moved: true, previousTitle: 'Background' })).map(
        (b) => b.text,
      ),
    ).toEqual(['Changed', 'Moved', 'Renamed']);
    expect(sectionBadges(section({ status: 'removed' })).map((b) => b.kind)).toEqual(['removed']);
    expect(sectionBadges(section({}))).toEqual([]);
  });

  it('summarises the counts', () => {
    expect(summaryText({ added: 0, removed: 0, changed: 0, moved: 0 })).toBe('No differences');
    expect(summaryText({ added: 1, removed: 0, changed: 2, moved: 1 })).toBe(
      '2 changed · 1 added · 1 moved',
    );
  });
});
