import { describe, expect, it } from 'vitest';
import type { CommentStore, StoredComment } from './comments.js';

const comment = (id: string, threadId: string, authorId: string, at: number): StoredComment => ({
  id,
  threadId,
  authorId,
  body: `body of ${id}`,
  createdAt: at,
  editedAt: null,
  deletedAt: null,
});

/** The contract every CommentStore backend passes. */
export function registerCommentContractTests(
  name: string,
  open: () => Promise<{ store: CommentStore; close: () => Promise<void> }>,
): void {
  const withStore = async (fn: (store: CommentStore) => Promise<void>) => {
    const { store, close } = await open();
    try {
      await fn(store);
    } finally {
      await close();
    }
  };

  describe(`CommentStore contract: ${name}`, () => {
    it('[CM1] threads keep their anchor and comments in order; replies, edits, soft deletes, resolution; a deleted document takes its threads', async () => {
      await withStore(async (store) => {
        const anchor = { start: 'AAE=', end: 'AAI=', quote: 'the ledger' };
        await store.createThread(
          { id: 't1', docId: 'd1', sectionId: 's1', anchor, authorId: 'ada', createdAt: 1 },
          comment('c1', 't1', 'ada', 1),
        );
        await store.createThread(
          { id: 't2', docId: 'd1', sectionId: 's2', anchor: null, authorId: 'bob', createdAt: 2 },
          comment('c2', 't2', 'bob', 2),
        );
        await store.createThread(
          { id: 't3', docId: 'd2', sectionId: 's1', anchor: null, authorId: 'bob', createdAt: 3 },
          comment('c3', 't3', 'bob', 3),
        );
        await store.addComment(comment('c4', 't1', 'bob', 4));
        await store.editComment('c1', 'edited', 5);
        await store.deleteComment('c4', 6);
        await store.setResolved('t1', { at: 7, by: 'bob' });
        const [t1, t2] = await store.listThreads('d1');
        expect(t1).toEqual({
          id: 't1',
          docId: 'd1',
          sectionId: 's1',
          anchor,
          authorId: 'ada',
          createdAt: 1,
          resolvedAt: 7,
          resolvedBy: 'bob',
          comments: [
            { ...comment('c1', 't1', 'ada', 1), body: 'edited', editedAt: 5 },
            { ...comment('c4', 't1', 'bob', 4), body: '', deletedAt: 6 },
          ],
        });
        expect(t2?.anchor).toBeNull();
        expect(await store.getThread('d1', 't3')).toBeNull();
        expect(await store.getComment('d1', 'c3')).toBeNull();
        expect(await store.getComment('d2', 'c3')).toMatchObject({ authorId: 'bob' });
        await store.setResolved('t1', null);
        expect(await store.getThread('d1', 't1')).toMatchObject({
          resolvedAt: null,
          resolvedBy: null,
        });
        await store.deleteDocComments('d1');
        expect(await store.listThreads('d1')).toEqual([]);
        expect(await store.getComment('d1', 'c1')).toBeNull();
        expect((await store.listThreads('d2')).length).toBe(1);
      });
    });

    it('[CM7] read marks are per user and thread, only move forward, and go with the document', async () => {
      await withStore(async (store) => {
        for (const [id, docId] of [
          ['t1', 'd1'],
          ['t2', 'd1'],
          ['t3', 'd2'],
        ] as const) {
          await store.createThread(
            { id, docId, sectionId: 's1', anchor: null, authorId: 'ada', createdAt: 1 },
            comment(`c-${id}`, id, 'ada', 1),
          );
        }
        expect(await store.threadReads('d1', 'bob')).toEqual(new Map());
        await store.markThreadRead('bob', 't1', 10);
        await store.markThreadRead('bob', 't1', 5);
        await store.markThreadRead('bob', 't3', 7);
        await store.markThreadRead('ada', 't2', 3);
        expect(await store.threadReads('d1', 'bob')).toEqual(new Map([['t1', 10]]));
        expect(await store.threadReads('d1', 'ada')).toEqual(new Map([['t2', 3]]));
        expect(await store.threadReads('d2', 'bob')).toEqual(new Map([['t3', 7]]));
        await store.markThreadRead('bob', 't1', 12);
        expect((await store.threadReads('d1', 'bob')).get('t1')).toBe(12);
        await store.deleteDocComments('d1');
        expect(await store.threadReads('d1', 'bob')).toEqual(new Map());
        expect(await store.threadReads('d2', 'bob')).toEqual(new Map([['t3', 7]]));
      });
    });
  });
}
