import { GENESIS_HASH, type SignoffRecord, type Verdict } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import { documentStatus, mergeRecords, reviewSummary, sectionReviews, waitingForMe } from './state';
import { approvalFromPush } from './types';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);
const H3 = 'c'.repeat(64);

let seq = 0;
function record(sectionId: string, signerId: string, verdict: Verdict, contentHash: string) {
  seq++;
  return {
    docId: 'd1',
    seq,
    sectionId,
    signerId,
    verdict,
    contentHash,
    roundId: null,
    at: 1_000 + seq,
    prevHash: GENESIS_HASH,
    hash: String(seq),
  } satisfies SignoffRecord;
}

const sections = [
  { id: 's1', title: 'Context', level: 2, contentHash: H1 },
  { id: 's2', title: 'Decision', level: 2, contentHash: H2 },
  { id: 's3', title: 'Notes', level: 2, contentHash: H3 },
];

describe('sectionReviews', () => {
  it('gives each required reviewer their latest verdict, current or stale, and presence', () => {
    const records = [
      record('s1', 'ann', 'changes_requested', H1),
      record('s1', 'ann', 'approve', H1),
      record('s1', 'bob', 'approve', H1),
      record('s2', 'ann', 'approve', 'old'.padEnd(64, '0')),
    ];
    const reviews = sectionReviews({
      sections,
      reviewers: { document: ['ann', 'bob'], sections: { s3: [] } },
      records,
      presentIds: new Set(['bob']),
      selfId: 'ann',
    });
    const [s1, s2, s3] = reviews;
    expect(s1?.reviewers).toEqual([
      { userId: 'ann', verdict: 'approve', state: 'current', at: records[1]?.at, present: false },
      { userId: 'bob', verdict: 'approve', state: 'current', at: records[2]?.at, present: true },
    ]);
    expect(s1?.approved).toBe(true);
    expect(s2?.reviewers.map((r) => [r.userId, r.verdict, r.state])).toEqual([
      ['ann', 'approve', 'stale'],
      ['bob', null, null],
    ]);
    expect(s2?.approved).toBe(false);
    // A section that names nobody needs nobody, and is not "approved" either.
    expect(s3?.reviewers).toEqual([]);
    expect(s3?.approved).toBe(false);
    expect(s3?.mine).toBe(false);
  });

  it('uses per-section reviewers over the document list', () => {
    const [s1, s2] = sectionReviews({
      sections,
      reviewers: { document: ['ann'], sections: { s2: ['bob'] } },
      records: [],
      presentIds: new Set(),
      selfId: 'bob',
    });
    expect(s1?.reviewers.map((r) => r.userId)).toEqual(['ann']);
    expect(s1?.mine).toBe(false);
    expect(s2?.mine).toBe(true);
    expect(s2?.myStatus?.verdict).toBeNull();
  });

  it('ignores sign-offs on sections that are gone and by people no longer required', () => {
    const [s1] = sectionReviews({
      sections,
      reviewers: { document: ['ann'], sections: {} },
      records: [record('gone', 'ann', 'approve', H1), record('s1', 'carl', 'approve', H1)],
      presentIds: new Set(),
      selfId: null,
    });
    expect(s1?.reviewers).toEqual([
      { userId: 'ann', verdict: null, state: null, at: null, present: false },
    ]);
  });
});

describe('waitingForMe and reviewSummary', () => {
  it('lists my sections without a current approval, and counts the document', () => {
    const reviews = sectionReviews({
      sections,
      reviewers: { document: ['ann', 'bob'], sections: { s3: [] } },
      records: [
        record('s1', 'ann', 'approve', H1),
        record('s1', 'bob', 'approve', H1),
        record('s2', 'ann', 'approve', H1),
        record('s2', 'bob', 'changes_requested', H2),
      ],
      presentIds: new Set(),
      selfId: 'ann',
    });
    expect(waitingForMe(reviews).map((r) => r.id)).toEqual(['s2']);
    expect(reviewSummary(reviews)).toEqual({
      required: 2,
      approved: 1,
      stale: 1,
      changesRequested: 1,
    });
  });
});

describe('mergeRecords', () => {
  it('keeps one record per seq, oldest first, whatever order they arrive in', () => {
    const a = record('s1', 'ann', 'approve', H1);
    const b = record('s1', 'ann', 'changes_requested', H1);
    const c = record('s2', 'bob', 'approve', H2);
    expect(mergeRecords([c, a], [b, c]).map((r) => r.seq)).toEqual([a.seq, b.seq, c.seq]);
    // The later record wins in latestSignoffs, so order matters for the verdict shown.
    const [s1] = sectionReviews({
      sections,
      reviewers: { document: ['ann'], sections: {} },
      records: mergeRecords([b], [a]),
      presentIds: new Set(),
      selfId: 'ann',
    });
    expect(s1?.myStatus?.verdict).toBe('changes_requested');
  });
});

describe('documentStatus', () => {
  const v1 = { version: '1.0', at: 5, approvers: ['ann'], summary: 'First approval' };
  const counts = (required: number, approved: number) => ({
    required,
    approved,
    stale: 0,
    changesRequested: 0,
  });

  it('says approved only when the server and the live content agree', () => {
    const approved = { state: 'approved' as const, current: v1, history: [v1] };
    expect(documentStatus(counts(2, 2), approved)).toEqual({ state: 'approved', last: v1 });
    // An edit made a sign-off stale: in review at once, the last approval still named.
    expect(documentStatus(counts(2, 1), approved)).toEqual({ state: 'in_review', last: v1 });
    // All approved here, but the server has not recorded it (yet, or at all).
    expect(documentStatus(counts(2, 2), null)).toEqual({ state: 'in_review', last: null });
    expect(
      documentStatus(counts(2, 2), { state: 'in_review', current: null, history: [v1] }),
    ).toEqual({ state: 'in_review', last: v1 });
  });

  it('says when nobody is named, and reads the approval push', () => {
    expect(documentStatus(counts(0, 0), null).state).toBe('no_reviewers');
    expect(approvalFromPush(v1)).toEqual({ state: 'approved', current: v1, history: [v1] });
    const whole = { state: 'in_review' as const, current: null };
    expect(approvalFromPush(whole)).toBe(whole);
  });
});
