import type pg from 'pg';
import type { NotificationQuery, NotificationStore, StoredNotification } from '../notifications.js';
import {
  NOTIFICATION_COLUMNS,
  type NotificationRow,
  toNotification,
} from '../notifications-rows.js';
import { pgText } from './pool.js';

/** NotificationStore on PostgreSQL. */
export class PgNotificationStore implements NotificationStore {
  constructor(private readonly pool: pg.Pool) {}

  async add(notifications: StoredNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    const column = <K extends keyof StoredNotification>(key: K) => notifications.map((n) => n[key]);
    // One statement, in the given order (the identity column keeps it).
    await this.pool.query(
      `INSERT INTO notifications (${NOTIFICATION_COLUMNS})
       SELECT ${NOTIFICATION_COLUMNS} FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
         $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bigint[], $12::bigint[])
       WITH ORDINALITY AS t(${NOTIFICATION_COLUMNS}, ord) ORDER BY ord`,
      [
        column('id'),
        column('userId'),
        column('kind'),
        column('docId'),
        column('docTitle').map(pgText),
        column('actorId'),
        column('actorName').map(pgText),
        column('threadId'),
        column('sectionId'),
        column('text').map(pgText),
        column('at'),
        column('readAt'),
      ],
    );
  }

  async list(userId: string, query: NotificationQuery): Promise<StoredNotification[]> {
    const { rows } = await this.pool.query<NotificationRow>(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE user_id = $1 AND at < $2
         AND ($3 = false OR read_at IS NULL) ORDER BY at DESC, n DESC LIMIT $4`,
      [userId, query.before ?? Number.MAX_SAFE_INTEGER, query.unreadOnly === true, query.limit],
    );
    return rows.map(toNotification);
  }

  async unreadCount(userId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL',
      [userId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async markRead(userId: string, ids: string[] | 'all', now: number): Promise<string[]> {
    // One statement: only the caller's unread ones change, and exactly those are returned.
    const { rows } = await this.pool.query<{ id: string }>(
      `UPDATE notifications SET read_at = $2
       WHERE user_id = $1 AND read_at IS NULL AND ($3::text[] IS NULL OR id = ANY($3::text[]))
       RETURNING id`,
      [userId, now, ids === 'all' ? null : ids],
    );
    return rows.map((r) => r.id);
  }

  async deleteDocNotifications(docId: string): Promise<void> {
    await this.pool.query('DELETE FROM notifications WHERE doc_id = $1', [docId]);
  }
}
