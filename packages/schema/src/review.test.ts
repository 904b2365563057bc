import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  latestSignoffs,
  reviewersOf,
  type SignoffRecord,
  signoffHash,
  signoffState,
  verifySignoffChain,
} from './review.js';

function chain(count: number): SignoffRecord[] {
  const records: SignoffRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const fields = {
      docId: 'd1',
      seq,
      sectionId: `s${seq % 2}`,
      signerId: seq % 3 ? 'ada' : 'bob',
      verdict: 'approve' as const,
      contentHash: 'a'.repeat(64),
      roundId: null,
      at: 1_000 + seq,
      prevHash,
    };
    const record = { ...fields, hash: signoffHash(fields) };
    records.push(record);
    prevHash = record.hash;
  }
  return records;
}

describe('sign-off hash chain', () => {
  it('[SO1] verifies an intact chain and reports the first changed, removed or reordered record', () => {
    const records = chain(4);
    expect(verifySignoffChain('d1', records)).toEqual({
      ok: true,
      length: 4,
      head: records[3]?.hash,
    });
    expect(verifySignoffChain('d1', [])).toEqual({ ok: true, length: 0, head: GENESIS_HASH });

    const edited = records.map((r) => ({ ...r }));
    (edited[1] as SignoffRecord).verdict = 'changes_requested';
    expect(verifySignoffChain('d1', edited)).toMatchObject({ ok: false, seq: 2, problem: /hash/ });

    // Rehashing the edited record does not help: the next one no longer follows it.
    const rehashed = edited.map((r) => ({ ...r }));
    (rehashed[1] as SignoffRecord).hash = signoffHash(rehashed[1] as SignoffRecord);
    expect(verifySignoffChain('d1', rehashed)).toMatchObject({ ok: false, seq: 3 });

    expect(verifySignoffChain('d1', [records[0], records[2]] as SignoffRecord[])).toMatchObject({
      ok: false,
      seq: 2,
    });
    expect(verifySignoffChain('d2', records)).toMatchObject({ ok: false, seq: 1 });
  });

  it('a signed field changes the hash; the latest verdict per signer and section counts', () => {
    const [first] = chain(1) as [SignoffRecord];
    for (const key of ['sectionId', 'signerId', 'contentHash', 'prevHash'] as const) {
      expect(signoffHash({ ...first, [key]: 'x' })).not.toBe(first.hash);
    }
    expect(signoffHash({ ...first, at: first.at + 1 })).not.toBe(first.hash);
    expect(signoffHash({ ...first, roundId: 'r' })).not.toBe(first.hash);
    const records = chain(6);
    expect(
      latestSignoffs(records)
        .map((r) => r.seq)
        .sort(),
    ).toEqual([3, 4, 5, 6]);
    expect(signoffState(first, first.contentHash)).toBe('current');
    expect(signoffState(first, 'b'.repeat(64))).toBe('stale');
    expect(signoffState(first, null)).toBe('stale');
  });

  it('section reviewers replace the document reviewers for that section', () => {
    const reviewers = { document: ['ada', 'bob'], sections: { sec: ['cy'] } };
    expect(reviewersOf(reviewers, 'other')).toEqual(['ada', 'bob']);
    expect(reviewersOf(reviewers, 'sec')).toEqual(['cy']);
  });
});
