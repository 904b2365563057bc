import type { NotificationKind } from '@ratify/schema';
import type { StoredNotification } from './notifications.js';
import { type Int, int, intOrNull } from './rows.js';

/** A notifications row, in both backends. */
export interface NotificationRow {
  id: string;
  user_id: string;
  kind: string;
  doc_id: string;
  doc_title: string;
  actor_id: string | null;
  actor_name: string | null;
  thread_id: string | null;
  section_id: string | null;
  text: string;
  at: Int;
  read_at: Int | null;
}

export const NOTIFICATION_COLUMNS =
  'id, user_id, kind, doc_id, doc_title, actor_id, actor_name, thread_id, section_id, text, at, read_at';

export const toNotification = (r: NotificationRow): StoredNotification => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind as NotificationKind,
  docId: r.doc_id,
  docTitle: r.doc_title,
  actorId: r.actor_id,
  actorName: r.actor_name,
  threadId: r.thread_id,
  sectionId: r.section_id,
  text: r.text,
  at: int(r.at),
  readAt: intOrNull(r.read_at),
});
