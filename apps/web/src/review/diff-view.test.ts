import { describe, expect, it } from 'vitest';
import { type ChangeLine, diffRows, diffSize, isChangeLines, staleChanges } from './diff-view';
import type { SectionStatus } from './types';
import { changesFrom } from './use-stale-changes';

const same = (text: string): ChangeLine => ({ kind: 'same', text });
const lines: ChangeLine[] = [
  same('## Context'),
  same(''),
  same('a'),
  same('b'),
  same('c'),
  { kind: 'removed', text: 'We move card payments.' },
  { kind: 'added', text: 'We move card payments. Refunds too.' },
  same('d'),
  same('e'),
  same('f'),
  same('g'),
];

describe('diff view', () => {
  it('keeps every change with two lines around it and folds the rest', () => {
    expect(diffRows(lines)).toEqual([
      { kind: 'gap', count: 3 },
      same('b'),
      same('c'),
      lines[5],
      lines[6],
      same('d'),
      same('e'),
      { kind: 'gap', count: 2 },
    ]);
    expect(diffRows(lines, 0)).toEqual([
      { kind: 'gap', count: 5 },
      lines[5],
      lines[6],
      { kind: 'gap', count: 4 },
    ]);
    expect(diffRows([same('x')])).toEqual([{ kind: 'gap', count: 1 }]);
    expect(diffSize(lines)).toBe('+1 −1');
  });

  it('shows one diff per signed text, with every reviewer who signed it', () => {
    const other: ChangeLine[] = [{ kind: 'added', text: 'new' }];
    const changes = new Map([
      ['rita', lines],
      ['sam', lines],
      ['tom', other],
      ['una', [same('nothing changed')]],
    ]);
    expect(staleChanges(['rita', 'sam', 'tom', 'una', 'vic'], changes)).toEqual([
      { signers: ['rita', 'sam'], lines },
      { signers: ['tom'], lines: other },
    ]);
    expect(staleChanges(['rita'], undefined)).toEqual([]);
  });

  it('accepts only well-formed change lines', () => {
    expect(isChangeLines(lines)).toBe(true);
    expect(isChangeLines([{ kind: 'added', text: 1 }])).toBe(false);
    expect(isChangeLines([{ kind: 'moved', text: 'x' }])).toBe(false);
    expect(isChangeLines(null)).toBe(false);
  });
});

describe('changesFrom', () => {
  const answer = (hash: string, changes: ChangeLine[] | null): SectionStatus[] => [
    {
      id: 's1',
      title: 'Context',
      level: 2,
      contentHash: hash,
      reviewers: ['rita'],
      signoffs: [
        {
          signer: 'rita',
          verdict: 'approve',
          at: '',
          seq: 1,
          state: changes ? 'stale' : 'current',
          changes,
        },
      ],
    },
  ];
  const wanted = [{ sectionId: 's1', contentHash: 'h2', signer: 'rita' }];

  it('is complete once the server has the content this tab shows', () => {
    const found = changesFrom(answer('h2', lines), wanted);
    expect(found.complete).toBe(true);
    expect(found.changes.get('s1')?.get('rita')).toEqual(lines);
  });

  it('is not complete while the server is behind', () => {
    expect(changesFrom(answer('h1', null), wanted).complete).toBe(false);
    expect(changesFrom(answer('h1', lines), wanted).complete).toBe(false);
  });
});
