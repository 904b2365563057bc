/**
 * In-app notifications and @mentions: shared by the server (which creates, stores and pushes
 * notifications) and the web client (which shows the bell and writes mentions).
 */

export const NOTIFICATION_KINDS = ['mention', 'reply', 'signoff_request', 'approval'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One notification as its recipient sees it. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  docId: string;
  /** The document's title when the notification was made. */
  docTitle: string;
  /** Who caused it (null for the server's own, e.g. an approval). */
  actorId: string | null;
  actorName: string | null;
  /** Where it points inside the document, when it points somewhere. */
  threadId: string | null;
  sectionId: string | null;
  /** One line, plain text, shown as text. */
  text: string;
  /** ISO time it was made. */
  at: string;
  /** ISO time it was read, null while unread. */
  readAt: string | null;
}

/** What the notification stream sends: a new notification, or the unread count changed. */
export type NotificationPush =
  | { kind: 'notification'; notification: NotificationView; unread: number }
  | { kind: 'read'; ids: string[] | 'all'; unread: number };

/**
 * A mention inside a comment body: `@[Display Name](user:USER_ID)`. The client writes it when
 * someone picks a member from the autocomplete; the server reads the ids out of it (and keeps
 * only the document's members) to notify them. Shown as `@Display Name`.
 */
export const MENTION_PATTERN = /@\[([^\]\n]{1,200})\]\(user:([A-Za-z0-9_-]{1,64})\)/g;

export function mentionToken(name: string, userId: string): string {
  return `@[${name.replace(/[\]\n]/g, ' ').trim()}](user:${userId})`;
}

/** The user ids mentioned in a body, each once, in order of first mention. */
export function mentionedUserIds(body: string): string[] {
  const ids = new Set<string>();
  for (const match of body.matchAll(MENTION_PATTERN)) ids.add(match[2] as string);
  return [...ids];
}

/** How far the next approval moves the version: 1.3 → 1.4 (minor) or → 2.0 (major). */
export const VERSION_STEPS = ['minor', 'major'] as const;
export type VersionStep = (typeof VERSION_STEPS)[number];
