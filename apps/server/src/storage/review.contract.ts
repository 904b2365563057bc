import { GENESIS_HASH, type SignoffRecord, signoffHash } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import { ChainConflictError, type ReviewStore } from './review.js';

/** A record that follows `prev` (or starts the chain). */
export function nextRecord(
  docId: string,
  prev: SignoffRecord | null,
  change: Partial<SignoffRecord> = {},
): SignoffRecord {
  const fields = {
    docId,
    seq: (prev?.seq ?? 0) + 1,
    sectionId: 'sec-1',
    signerId: 'ada',
    verdict: 'approve' as const,
    contentHash: 'c'.repeat(64),
    roundId: null,
    at: 1_000 + (prev?.seq ?? 0),
    prevHash: prev?.hash ?? GENESIS_HASH,
    ...change,
  };
  return { ...fields, hash: signoffHash(fields) };
}

/** The contract every ReviewStore backend passes. */
export function registerReviewContractTests(
  name: string,
  open: () => Promise<{ store: ReviewStore; close: () => Promise<void> }>,
): void {
  const withStore = async (fn: (store: ReviewStore) => Promise<void>) => {
    const { store, close } = await open();
    try {
      await fn(store);
    } finally {
      await close();
    }
  };

  describe(`ReviewStore contract: ${name}`, () => {
    it('[RV1] reviewers per document and per section, replaced as a whole', async () => {
      await withStore(async (store) => {
        expect(await store.getReviewers('d1')).toEqual({ document: [], sections: {} });
        await store.setReviewers('d1', { document: ['ada', 'bob'], sections: { s9: ['cy'] } });
        await store.setReviewers('d2', { document: ['bob'], sections: {} });
        expect(await store.getReviewers('d1')).toEqual({
          document: ['ada', 'bob'],
          sections: { s9: ['cy'] },
        });
        await store.setReviewers('d1', { document: ['cy'], sections: {} });
        expect(await store.getReviewers('d1')).toEqual({ document: ['cy'], sections: {} });
        expect(await store.getReviewers('d2')).toEqual({ document: ['bob'], sections: {} });
      });
    });

    it('[RV5] records built from the head are appended all or none, one writer at a time: writers racing on one chain never fork it', async () => {
      await withStore(async (store) => {
        const chain = (head: SignoffRecord | null, n: number, signerId: string) => {
          const out: Array<{ record: SignoffRecord; signedMarkdown: string }> = [];
          let prev = head;
          for (let i = 0; i < n; i++) {
            const record = nextRecord('d1', prev, { signerId, sectionId: `sec-${i}` });
            out.push({ record, signedMarkdown: `## Section ${i}` });
            prev = record;
          }
          return out;
        };
        const stored = await Promise.all(
          ['ada', 'bob', 'cy', 'dee'].map((signer) =>
            store.appendSignoffs('d1', (head) => chain(head, 3, signer)),
          ),
        );
        expect(stored.map((records) => records.length)).toEqual([3, 3, 3, 3]);
        const all = await store.listSignoffs('d1');
        expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
        for (let i = 1; i < all.length; i++) {
          expect(all[i]?.prevHash).toBe(all[i - 1]?.hash);
        }
        // Each writer's records are contiguous: nobody's request was interleaved with another's.
        for (let w = 0; w < 4; w++) {
          expect(new Set(all.slice(w * 3, w * 3 + 3).map((r) => r.signerId)).size).toBe(1);
        }
        expect((await store.signedMarkdown('d1', [1, 12])).size).toBe(2);
        // A build whose second record does not follow the first: nothing of it is stored.
        await expect(
          store.appendSignoffs('d1', (head) => {
            const first = nextRecord('d1', head);
            return [{ record: first }, { record: nextRecord('d1', head) }];
          }),
        ).rejects.toBeInstanceOf(ChainConflictError);
        expect(await store.listSignoffs('d1')).toHaveLength(12);
      });
    });

    it('[RV2] sign-offs append only at the head of the chain; a fork is refused and stores nothing', async () => {
      await withStore(async (store) => {
        expect(await store.lastSignoff('d1')).toBeNull();
        const first = nextRecord('d1', null);
        await store.appendSignoff(first);
        const second = nextRecord('d1', first, { signerId: 'bob' });
        await store.appendSignoff(second, '## Context\nAs signed.\n');
        expect(await store.signedMarkdown('d1', [1, 2, 9])).toEqual(
          new Map([[2, '## Context\nAs signed.\n']]),
        );
        // Two writers that both read `first` as the head: the second of them loses.
        const rival = nextRecord('d1', first, { signerId: 'cy' });
        await expect(store.appendSignoff(rival)).rejects.toBeInstanceOf(ChainConflictError);
        // Not at the head either: a record that does not follow the last one's hash.
        const wrongPrev = nextRecord('d1', second, { prevHash: first.hash });
        await expect(store.appendSignoff(wrongPrev)).rejects.toBeInstanceOf(ChainConflictError);
        await expect(store.appendSignoff(nextRecord('d1', null))).rejects.toBeInstanceOf(
          ChainConflictError,
        );
        expect(await store.listSignoffs('d1')).toEqual([first, second]);
        expect(await store.lastSignoff('d1')).toEqual(second);
        // Chains are per document.
        await store.appendSignoff(nextRecord('d2', null));
        expect((await store.listSignoffs('d2')).length).toBe(1);
      });
    });

    it('[RV3] one open round at a time, with its attendance; approvals keep what was approved; records outlive a deleted document', async () => {
      await withStore(async (store) => {
        expect(await store.currentRound('d1')).toBeNull();
        await store.startRound({
          id: 'r1',
          docId: 'd1',
          startedBy: 'ada',
          startedAt: 5,
          attendees: ['ada', 'bob'],
        });
        await store.addRoundAttendees('d1', 'r1', ['bob', 'cy']);
        expect(await store.currentRound('d1')).toEqual({
          id: 'r1',
          docId: 'd1',
          startedBy: 'ada',
          startedAt: 5,
          endedAt: null,
          attendees: ['ada', 'bob', 'cy'],
        });
        expect(await store.endRound('d1', 'r1', 9)).toBe(true);
        expect(await store.endRound('d1', 'r1', 10)).toBe(false);
        expect(await store.currentRound('d1')).toBeNull();

        await store.appendSignoff(nextRecord('d1', null));
        await store.setReviewers('d1', { document: ['ada'], sections: {} });
        const approval = {
          docId: 'd1',
          version: '1.0',
          at: 7,
          approvers: ['ada', 'bob'],
          summary: 'First approval',
          sectionHashes: { s1: 'h1' },
          markdown: '# Doc\n',
          state: new Uint8Array([0, 0]),
        };
        expect(await store.appendApproval(approval)).toBe(true);
        // The same content approved again (another instance racing this one) is refused.
        expect(await store.appendApproval({ ...approval, version: '1.1', at: 8 })).toBe(false);
        const next = { ...approval, version: '1.1', at: 9, sectionHashes: { s1: 'h2' } };
        expect(await store.appendApproval(next)).toBe(true);
        expect(await store.listApprovals('d1')).toEqual([approval, next]);
        expect(await store.listApprovals('d2')).toEqual([]);
        await store.deleteDocReview('d1');
        // What was approved stays with the records.
        expect((await store.listApprovals('d1')).length).toBe(2);
        expect(await store.getReviewers('d1')).toEqual({ document: [], sections: {} });
        expect((await store.listSignoffs('d1')).length).toBe(1);
      });
    });

    it('[RV4] the next version step is minor until set, per document, and goes with the document', async () => {
      await withStore(async (store) => {
        expect(await store.getVersionStep('d1')).toBe('minor');
        await store.setVersionStep('d1', 'major');
        expect(await store.getVersionStep('d1')).toBe('major');
        expect(await store.getVersionStep('d2')).toBe('minor');
        await store.setVersionStep('d1', 'minor');
        expect(await store.getVersionStep('d1')).toBe('minor');
        await store.setVersionStep('d1', 'major');
        await store.deleteDocReview('d1');
        expect(await store.getVersionStep('d1')).toBe('minor');
      });
    });
  });
}
