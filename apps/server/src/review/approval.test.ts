import { GENESIS_HASH, type SignoffRecord, signoffHash } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import { approvalState, approvalSummary, roundAnswered } from './approval.js';

const sections = [
  { id: 'a', title: 'Context', level: 2, contentHash: 'ha' },
  { id: 'b', title: 'Security', level: 2, contentHash: 'hb' },
];

function records(list: Array<[string, string, 'approve' | 'changes_requested', string]>) {
  let prevHash = GENESIS_HASH;
  return list.map(([sectionId, signerId, verdict, contentHash], i): SignoffRecord => {
    const fields = {
      docId: 'd',
      seq: i + 1,
      sectionId,
      signerId,
      verdict,
      contentHash,
      roundId: null,
      at: i,
      prevHash,
    };
    const record = { ...fields, hash: signoffHash(fields) };
    prevHash = record.hash;
    return record;
  });
}

describe('approval', () => {
  it('[SO8] approved only when every required reviewer approved the current text of every section they cover', () => {
    const reviewers = { document: ['ada'], sections: { b: ['sec'] } };
    expect(approvalState(sections, { document: [], sections: {} }, []).state).toBe('no_reviewers');
    const partial = approvalState(sections, reviewers, records([['a', 'ada', 'approve', 'ha']]));
    expect(partial).toEqual({
      state: 'in_review',
      reviewers: ['ada', 'sec'],
      waiting: [{ sectionId: 'b', reviewerId: 'sec' }],
    });
    const all = records([
      ['a', 'ada', 'approve', 'ha'],
      ['b', 'sec', 'approve', 'hb'],
    ]);
    expect(approvalState(sections, reviewers, all).state).toBe('approved');
    // Stale: the section changed since it was signed.
    const changed = [
      { ...sections[0], contentHash: 'ha2' } as (typeof sections)[0],
      sections[1] as (typeof sections)[0],
    ];
    expect(approvalState(changed, reviewers, all).waiting).toEqual([
      { sectionId: 'a', reviewerId: 'ada' },
    ]);
    // The latest verdict counts: changes requested after an approval.
    const withdrawn = records([
      ['a', 'ada', 'approve', 'ha'],
      ['b', 'sec', 'approve', 'hb'],
      ['b', 'sec', 'changes_requested', 'hb'],
    ]);
    expect(approvalState(sections, reviewers, withdrawn).state).toBe('in_review');
  });

  it('summarises what changed since the previous approval', () => {
    expect(approvalSummary(sections, null)).toBe('First approval');
    expect(approvalSummary(sections, { a: 'ha', b: 'old', gone: 'x' })).toBe(
      'Changed: Security; 1 section removed',
    );
    expect(approvalSummary(sections, { a: 'ha', b: 'hb' })).toBe('Approved again, unchanged');
  });

  it('[SO12] a round is answered once every reviewer who attended has a current verdict on each section they cover', () => {
    const reviewers = { document: ['ada', 'bob'], sections: { b: ['sec'] } };
    // Nobody who must answer attended: never answered by itself.
    expect(roundAnswered(sections, reviewers, [], ['owner'])).toBe(false);
    expect(roundAnswered(sections, reviewers, [], ['ada'])).toBe(false);
    // Ada answered Context (a); Security (b) is the security lead's, who is not here.
    expect(
      roundAnswered(sections, reviewers, records([['a', 'ada', 'changes_requested', 'ha']]), [
        'ada',
        'owner',
      ]),
    ).toBe(true);
    // A verdict on text that changed since is no answer.
    expect(
      roundAnswered(sections, reviewers, records([['a', 'ada', 'approve', 'old']]), ['ada']),
    ).toBe(false);
    // Bob attended too and has not answered yet.
    expect(
      roundAnswered(sections, reviewers, records([['a', 'ada', 'approve', 'ha']]), ['ada', 'bob']),
    ).toBe(false);
    expect(
      roundAnswered(
        sections,
        reviewers,
        records([
          ['a', 'ada', 'approve', 'ha'],
          ['a', 'bob', 'approve', 'ha'],
          ['b', 'sec', 'approve', 'hb'],
        ]),
        ['ada', 'bob', 'sec'],
      ),
    ).toBe(true);
  });
});
