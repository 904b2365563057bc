import { describe, expect, it } from 'vitest';
import {
  displayOrder,
  groupByDoc,
  hitHref,
  isSearchShortcut,
  MAX_QUERY_LENGTH,
  moveActive,
  normaliseQuery,
  parseHits,
  type SearchHit,
  snippetText,
} from './model';

const hit = (over: Partial<SearchHit>): SearchHit => ({
  docId: 'd1',
  docTitle: 'Payments',
  kind: 'section',
  sectionId: 's1',
  threadId: null,
  heading: 'Context',
  snippet: [],
  ...over,
});

describe('parseHits', () => {
  it('keeps well-formed hits and drops the rest', () => {
    const hits = parseHits({
      query: 'x',
      hits: [
        {
          docId: 'd1',
          docTitle: 'T',
          kind: 'comment',
          sectionId: 's',
          threadId: 't',
          heading: 'H',
          snippet: [{ text: 'a ', hit: false }, { text: 'b', hit: true }, { nope: 1 }, null],
        },
        { docId: 'd2', docTitle: 'T', kind: 'script', sectionId: null, threadId: null },
        { docId: 3, docTitle: 'T', kind: 'title', sectionId: null, threadId: null },
        null,
      ],
    });
    expect(hits).toEqual([
      {
        docId: 'd1',
        docTitle: 'T',
        kind: 'comment',
        sectionId: 's',
        threadId: 't',
        heading: 'H',
        snippet: [
          { text: 'a ', hit: false },
          { text: 'b', hit: true },
        ],
      },
    ]);
    expect(parseHits(null)).toEqual([]);
    expect(parseHits({ hits: 'no' })).toEqual([]);
  });
});

describe('normaliseQuery', () => {
  it('trims, and cuts to what the server accepts', () => {
    expect(normaliseQuery('  ledger  ')).toBe('ledger');
    expect(normaliseQuery('   ')).toBe('');
    expect(normaliseQuery('a'.repeat(MAX_QUERY_LENGTH + 20))).toHaveLength(MAX_QUERY_LENGTH);
  });
});

describe('groupByDoc and displayOrder', () => {
  it('groups by document in the order of each one’s best hit', () => {
    const hits = [
      hit({ docId: 'a', sectionId: '1' }),
      hit({ docId: 'b', sectionId: '2' }),
      hit({ docId: 'a', sectionId: '3' }),
    ];
    const groups = groupByDoc(hits);
    expect(groups.map((g) => g.docId)).toEqual(['a', 'b']);
    expect(groups[0]?.hits.map((h) => h.index)).toEqual([0, 2]);
    expect(displayOrder(hits).map((h) => h.sectionId)).toEqual(['1', '3', '2']);
    // Grouping the display order again numbers options as shown.
    const shown = groupByDoc(displayOrder(hits)).flatMap((g) => g.hits.map((h) => h.index));
    expect(shown).toEqual([0, 1, 2]);
  });
});

describe('hitHref', () => {
  it('leads to the thread, the section or the document', () => {
    expect(hitHref(hit({ kind: 'comment', threadId: 't_1', sectionId: 's' }))).toBe(
      '/d/d1#thread-t_1',
    );
    expect(hitHref(hit({ kind: 'section', sectionId: 'a b' }))).toBe('/d/d1#section-a%20b');
    expect(hitHref(hit({ kind: 'comment', threadId: null, sectionId: 's' }))).toBe(
      '/d/d1#section-s',
    );
    expect(hitHref(hit({ kind: 'title', sectionId: null }))).toBe('/d/d1');
  });
});

describe('moveActive', () => {
  it('wraps around, and starts from either end', () => {
    expect(moveActive(-1, 1, 3)).toBe(0);
    expect(moveActive(-1, -1, 3)).toBe(2);
    expect(moveActive(2, 1, 3)).toBe(0);
    expect(moveActive(0, -1, 3)).toBe(2);
    expect(moveActive(1, 1, 3)).toBe(2);
    expect(moveActive(0, 1, 0)).toBe(-1);
  });
});

describe('isSearchShortcut', () => {
  const key = { key: 'k', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false };
  it('is Ctrl+K or ⌘K, nothing else', () => {
    expect(isSearchShortcut({ ...key, ctrlKey: true })).toBe(true);
    expect(isSearchShortcut({ ...key, metaKey: true, key: 'K' })).toBe(true);
    expect(isSearchShortcut(key)).toBe(false);
    expect(isSearchShortcut({ ...key, ctrlKey: true, shiftKey: true })).toBe(false);
    expect(isSearchShortcut({ ...key, ctrlKey: true, altKey: true })).toBe(false);
    expect(isSearchShortcut({ ...key, ctrlKey: true, key: 'j' })).toBe(false);
  });
});

describe('snippetText', () => {
  it('joins the runs', () => {
    expect(
      snippetText([
        { text: 'a <b>', hit: false },
        { text: 'c', hit: true },
      ]),
    ).toBe('a <b>c');
  });
});
