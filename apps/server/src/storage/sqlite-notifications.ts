import type Database from 'better-sqlite3';
import type { NotificationQuery, NotificationStore, StoredNotification } from './notifications.js';
import {
  NOTIFICATION_COLUMNS,
  type NotificationRow,
  toNotification,
} from './notifications-rows.js';
import { withStatementCache } from './statement-cache.js';

const NOTIFICATIONS_SCHEMA = `
CREATE TABLE IF NOT EXISTS notifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  doc_title TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT,
  thread_id TEXT,
  section_id TEXT,
  text TEXT NOT NULL,
  at INTEGER NOT NULL,
  read_at INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS notifications_user ON notifications(user_id, at);
CREATE INDEX IF NOT EXISTS notifications_unread ON notifications(user_id) WHERE read_at IS NULL;
CREATE INDEX IF NOT EXISTS notifications_doc ON notifications(doc_id);
`;

/** NotificationStore on the same SQLite database as the documents (its own table). */
export class SqliteNotificationStore implements NotificationStore {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = withStatementCache(db);
    db.exec(NOTIFICATIONS_SCHEMA);
  }

  async add(notifications: StoredNotification[]): Promise<void> {
    const insert = this.db.prepare(
      `INSERT INTO notifications (id, user_id, kind, doc_id, doc_title, actor_id, actor_name,
         thread_id, section_id, text, at, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const n of notifications) {
        insert.run(
          n.id,
          n.userId,
          n.kind,
          n.docId,
          n.docTitle,
          n.actorId,
          n.actorName,
          n.threadId,
          n.sectionId,
          n.text,
          n.at,
          n.readAt,
        );
      }
    })();
  }

  async list(userId: string, query: NotificationQuery): Promise<StoredNotification[]> {
    const rows = this.db
      .prepare(
        `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE user_id = ? AND at < ?
           AND (? = 0 OR read_at IS NULL) ORDER BY at DESC, rowid DESC LIMIT ?`,
      )
      .all(
        userId,
        query.before ?? Number.MAX_SAFE_INTEGER,
        query.unreadOnly === true ? 1 : 0,
        query.limit,
      ) as NotificationRow[];
    return rows.map(toNotification);
  }

  async unreadCount(userId: string): Promise<number> {
    const row = this.db
      .prepare('SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL')
      .get(userId) as { n: number };
    return row.n;
  }

  async markRead(userId: string, ids: string[] | 'all', now: number): Promise<string[]> {
    return this.db.transaction(() => {
      const unread = (
        this.db
          .prepare('SELECT id FROM notifications WHERE user_id = ? AND read_at IS NULL')
          .all(userId) as Array<{ id: string }>
      ).map((r) => r.id);
      const wanted = ids === 'all' ? unread : unread.filter((id) => ids.includes(id));
      const update = this.db.prepare('UPDATE notifications SET read_at = ? WHERE id = ?');
      for (const id of wanted) update.run(now, id);
      return wanted;
    })();
  }

  async deleteDocNotifications(docId: string): Promise<void> {
    this.db.prepare('DELETE FROM notifications WHERE doc_id = ?').run(docId);
  }
}
