import type { NotificationKind } from '@ratify/schema';

/**
 * In-app notifications the server owns: one row per recipient, kept until read (and after, as
 * read). A backend implements this beside the other stores and passes
 * `registerNotificationContractTests`.
 */

export interface StoredNotification {
  id: string;
  userId: string;
  kind: NotificationKind;
  docId: string;
  /** The document's title and the actor's name when it was made (shown as they were). */
  docTitle: string;
  actorId: string | null;
  actorName: string | null;
  threadId: string | null;
  sectionId: string | null;
  text: string;
  at: number;
  readAt: number | null;
}

export interface NotificationQuery {
  unreadOnly?: boolean;
  /** At most this many (newest first). */
  limit: number;
  /** Only those made before this time (paging). */
  before?: number;
}

export interface NotificationStore {
  add(notifications: StoredNotification[]): Promise<void>;
  /** The user's notifications, newest first. */
  list(userId: string, query: NotificationQuery): Promise<StoredNotification[]>;
  unreadCount(userId: string): Promise<number>;
  /**
   * Mark the user's notifications read (only theirs: another user's ids change nothing);
   * resolves with the ids that were unread until now.
   */
  markRead(userId: string, ids: string[] | 'all', now: number): Promise<string[]>;
  /** Forget a deleted document's notifications. */
  deleteDocNotifications(docId: string): Promise<void>;
}
