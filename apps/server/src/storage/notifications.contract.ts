import { describe, expect, it } from 'vitest';
import type { NotificationStore, StoredNotification } from './notifications.js';

const note = (
  id: string,
  userId: string,
  at: number,
  more: Partial<StoredNotification> = {},
): StoredNotification => ({
  id,
  userId,
  kind: 'reply',
  docId: 'd1',
  docTitle: 'Payments review',
  actorId: 'ada',
  actorName: 'Ada',
  threadId: 't1',
  sectionId: 's1',
  text: `text of ${id}`,
  at,
  readAt: null,
  ...more,
});

/** The contract every NotificationStore backend passes. */
export function registerNotificationContractTests(
  name: string,
  open: () => Promise<{ store: NotificationStore; close: () => Promise<void> }>,
): void {
  const withStore = async (fn: (store: NotificationStore) => Promise<void>) => {
    const { store, close } = await open();
    try {
      await fn(store);
    } finally {
      await close();
    }
  };

  describe(`NotificationStore contract: ${name}`, () => {
    it('[NT1] kept per recipient, newest first, paged, unread until read; nobody reads another’s', async () => {
      await withStore(async (store) => {
        await store.add([
          note('n1', 'bob', 1),
          note('n2', 'bob', 2, { kind: 'mention', threadId: null, sectionId: null }),
          note('n3', 'cy', 3),
        ]);
        await store.add([
          note('n4', 'bob', 4, { kind: 'approval', actorId: null, actorName: null }),
        ]);
        expect((await store.list('bob', { limit: 10 })).map((n) => n.id)).toEqual([
          'n4',
          'n2',
          'n1',
        ]);
        expect(await store.list('bob', { limit: 1 })).toEqual([
          note('n4', 'bob', 4, { kind: 'approval', actorId: null, actorName: null }),
        ]);
        expect((await store.list('bob', { limit: 10, before: 4 })).map((n) => n.id)).toEqual([
          'n2',
          'n1',
        ]);
        expect(await store.unreadCount('bob')).toBe(3);

        // Another user's ids change nothing.
        expect(await store.markRead('cy', ['n1', 'n2'], 9)).toEqual([]);
        expect(await store.unreadCount('bob')).toBe(3);

        expect(await store.markRead('bob', ['n2', 'n3', 'nope'], 10)).toEqual(['n2']);
        expect(await store.markRead('bob', ['n2'], 11)).toEqual([]);
        expect(await store.unreadCount('bob')).toBe(2);
        expect((await store.list('bob', { limit: 10, unreadOnly: true })).map((n) => n.id)).toEqual(
          ['n4', 'n1'],
        );
        expect((await store.list('bob', { limit: 10 })).find((n) => n.id === 'n2')?.readAt).toBe(
          10,
        );

        expect((await store.markRead('bob', 'all', 12)).sort()).toEqual(['n1', 'n4']);
        expect(await store.unreadCount('bob')).toBe(0);
        expect(await store.unreadCount('cy')).toBe(1);
      });
    });

    it('[NT1] a deleted document takes its notifications', async () => {
      await withStore(async (store) => {
        await store.add([note('n1', 'bob', 1), note('n2', 'bob', 2, { docId: 'd2' })]);
        await store.deleteDocNotifications('d1');
        expect((await store.list('bob', { limit: 10 })).map((n) => n.id)).toEqual(['n2']);
        expect(await store.unreadCount('bob')).toBe(1);
      });
    });
  });
}
