import type { NotificationKind, NotificationView } from '@ratify/schema';
import type { Logger } from 'pino';
import { newId } from '../ids.js';
import type { AccountStore } from '../storage/accounts.js';
import type { NotificationStore, StoredNotification } from '../storage/notifications.js';
import type { Storage } from '../storage/storage.js';
import type { NotificationChannel } from './channel.js';

/** A notification to make: who is told, about what, and where it points. */
export interface NotificationDraft {
  userId: string;
  kind: NotificationKind;
  docId: string;
  actorId: string | null;
  threadId?: string | null;
  sectionId?: string | null;
  text: string;
}

export interface NotifierDeps {
  store: NotificationStore;
  channel: NotificationChannel;
  storage: Storage;
  accounts: AccountStore;
  log: Logger;
  now?: () => number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const notificationView = (n: StoredNotification): NotificationView => ({
  id: n.id,
  kind: n.kind,
  docId: n.docId,
  docTitle: n.docTitle,
  actorId: n.actorId,
  actorName: n.actorName,
  threadId: n.threadId,
  sectionId: n.sectionId,
  text: n.text,
  at: iso(n.at) as string,
  readAt: iso(n.readAt),
});

/**
 * Makes, stores and announces notifications: each is stored first (kept until read), then
 * pushed with the recipient's new unread count to their open streams. Reading one (or all) is
 * announced too, so every open bell of that user shows the same count.
 */
export class Notifier {
  private readonly now: () => number;

  constructor(private readonly deps: NotifierDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Store and push; never throws (a failed notification must not fail what caused it: it is
   * logged). Resolves with what was stored.
   */
  async notify(drafts: NotificationDraft[]): Promise<StoredNotification[]> {
    if (drafts.length === 0) return [];
    const { store, channel, storage, accounts, log } = this.deps;
    try {
      const at = this.now();
      const titles = new Map<string, string>();
      const names = new Map<string, string | null>();
      const made: StoredNotification[] = [];
      for (const draft of drafts) {
        if (!titles.has(draft.docId)) {
          titles.set(draft.docId, (await storage.getMeta(draft.docId))?.title ?? '');
        }
        if (draft.actorId !== null && !names.has(draft.actorId)) {
          names.set(draft.actorId, (await accounts.getUser(draft.actorId))?.name ?? null);
        }
        made.push({
          id: newId(),
          userId: draft.userId,
          kind: draft.kind,
          docId: draft.docId,
          docTitle: titles.get(draft.docId) ?? '',
          actorId: draft.actorId,
          actorName: draft.actorId === null ? null : (names.get(draft.actorId) ?? null),
          threadId: draft.threadId ?? null,
          sectionId: draft.sectionId ?? null,
          text: draft.text,
          at,
          readAt: null,
        });
      }
      await store.add(made);
      for (const n of made) {
        channel.publish(n.userId, {
          kind: 'notification',
          notification: notificationView(n),
          unread: await store.unreadCount(n.userId),
        });
      }
      return made;
    } catch (error) {
      log.error({ err: error }, 'making notifications failed');
      return [];
    }
  }

  /** Mark read and tell the user's other open bells; resolves with the unread count after. */
  async markRead(userId: string, ids: string[] | 'all'): Promise<number> {
    const { store, channel } = this.deps;
    const changed = await store.markRead(userId, ids, this.now());
    const unread = await store.unreadCount(userId);
    if (changed.length > 0) {
      channel.publish(userId, { kind: 'read', ids: ids === 'all' ? 'all' : changed, unread });
    }
    return unread;
  }
}
