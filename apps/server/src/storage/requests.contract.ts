import { describe, expect, it } from 'vitest';
import { REQUEST_KEEP_MS, REQUEST_STALE_MS, type RequestLog } from './requests.js';

/** The contract every RequestLog backend passes. */
export function registerRequestLogContractTests(
  name: string,
  open: () => Promise<{ store: RequestLog; close: () => Promise<void> }>,
): void {
  describe(`RequestLog contract: ${name}`, () => {
    it('[RQ1] a key is claimed once; its retries get the stored response, wait while it runs, or are refused for another request', async () => {
      const { store, close } = await open();
      try {
        const t = 1_000_000;
        expect(await store.claim('ada', 'k1', 'f1', t)).toEqual({ kind: 'claimed' });
        expect(await store.claim('ada', 'k1', 'f1', t + 1)).toEqual({ kind: 'in_progress' });
        expect(await store.claim('ada', 'k1', 'f2', t + 1)).toEqual({ kind: 'mismatch' });
        // Keys are per account.
        expect(await store.claim('bob', 'k1', 'f9', t + 1)).toEqual({ kind: 'claimed' });
        await store.complete('ada', 'k1', 201, '{"ok":true}');
        expect(await store.claim('ada', 'k1', 'f1', t + 2)).toEqual({
          kind: 'done',
          status: 201,
          body: '{"ok":true}',
        });
        // A released claim (the attempt failed) runs again; a finished one is never released.
        expect(await store.claim('ada', 'k2', 'f1', t)).toEqual({ kind: 'claimed' });
        await store.release('ada', 'k2');
        expect(await store.claim('ada', 'k2', 'f1', t + 3)).toEqual({ kind: 'claimed' });
        await store.release('ada', 'k1');
        expect((await store.claim('ada', 'k1', 'f1', t + 4)).kind).toBe('done');
      } finally {
        await close();
      }
    });

    it('[RQ2] a claim whose attempt died is taken over; attempts racing on one key see one claim; old keys are forgotten', async () => {
      const { store, close } = await open();
      try {
        const t = 5_000_000;
        expect((await store.claim('ada', 'k', 'f', t)).kind).toBe('claimed');
        expect((await store.claim('ada', 'k', 'f', t + REQUEST_STALE_MS - 1)).kind).toBe(
          'in_progress',
        );
        expect((await store.claim('ada', 'k', 'f', t + REQUEST_STALE_MS)).kind).toBe('claimed');
        const racing = await Promise.all(
          Array.from({ length: 6 }, () => store.claim('ada', 'race', 'f', t)),
        );
        expect(racing.filter((r) => r.kind === 'claimed')).toHaveLength(1);
        expect(racing.filter((r) => r.kind === 'in_progress')).toHaveLength(5);
        await store.complete('ada', 'old', 200, '{}').catch(() => {});
        expect((await store.claim('ada', 'old', 'f', t)).kind).toBe('claimed');
        await store.complete('ada', 'old', 200, '{}');
        // A day later the finished key is forgotten: the same key starts a new request.
        const later = t + REQUEST_KEEP_MS + 1;
        expect((await store.claim('ada', 'old', 'other', later)).kind).toBe('claimed');
      } finally {
        await close();
      }
    });
  });
}
