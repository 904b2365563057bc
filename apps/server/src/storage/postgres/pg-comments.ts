import type pg from 'pg';
import type { CommentStore, StoredComment, StoredThread } from '../comments.js';
import { type CommentRow, type ThreadRow, toComment, toThread } from '../comments-rows.js';
import { inTransaction } from './pool.js';

/** CommentStore on PostgreSQL. */
export class PgCommentStore implements CommentStore {
  constructor(private readonly pool: pg.Pool) {}

  async createThread(
    thread: Omit<StoredThread, 'comments' | 'resolvedAt' | 'resolvedBy'>,
    first: StoredComment,
  ): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO threads (id, doc_id, section_id, anchor, author_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          thread.id,
          thread.docId,
          thread.sectionId,
          thread.anchor === null ? null : JSON.stringify(thread.anchor),
          thread.authorId,
          thread.createdAt,
        ],
      );
      await this.insertComment(client, first);
    });
  }

  async addComment(comment: StoredComment): Promise<void> {
    await this.insertComment(this.pool, comment);
  }

  private async insertComment(client: pg.Pool | pg.PoolClient, c: StoredComment): Promise<void> {
    await client.query(
      `INSERT INTO comments (id, thread_id, author_id, body, created_at, edited_at, deleted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [c.id, c.threadId, c.authorId, c.body, c.createdAt, c.editedAt, c.deletedAt],
    );
  }

  async getThread(docId: string, threadId: string): Promise<StoredThread | null> {
    const { rows } = await this.pool.query<ThreadRow>(
      'SELECT * FROM threads WHERE doc_id = $1 AND id = $2',
      [docId, threadId],
    );
    return (await this.withComments(rows))[0] ?? null;
  }

  async listThreads(docId: string): Promise<StoredThread[]> {
    const { rows } = await this.pool.query<ThreadRow>(
      'SELECT * FROM threads WHERE doc_id = $1 ORDER BY created_at, id',
      [docId],
    );
    return this.withComments(rows);
  }

  /** The threads with their comments, read in one query. */
  private async withComments(rows: ThreadRow[]): Promise<StoredThread[]> {
    if (rows.length === 0) return [];
    const { rows: comments } = await this.pool.query<CommentRow>(
      'SELECT * FROM comments WHERE thread_id = ANY($1::text[]) ORDER BY created_at, id',
      [rows.map((r) => r.id)],
    );
    const byThread = new Map<string, StoredComment[]>();
    for (const c of comments) {
      const list = byThread.get(c.thread_id) ?? [];
      list.push(toComment(c));
      byThread.set(c.thread_id, list);
    }
    return rows.map((r) => toThread(r, byThread.get(r.id) ?? []));
  }

  async getComment(docId: string, commentId: string): Promise<StoredComment | null> {
    const { rows } = await this.pool.query<CommentRow>(
      `SELECT c.* FROM comments c JOIN threads t ON t.id = c.thread_id
       WHERE t.doc_id = $1 AND c.id = $2`,
      [docId, commentId],
    );
    return rows[0] === undefined ? null : toComment(rows[0]);
  }

  async editComment(commentId: string, body: string, now: number): Promise<void> {
    await this.pool.query('UPDATE comments SET body = $2, edited_at = $3 WHERE id = $1', [
      commentId,
      body,
      now,
    ]);
  }

  async deleteComment(commentId: string, now: number): Promise<void> {
    await this.pool.query("UPDATE comments SET body = '', deleted_at = $2 WHERE id = $1", [
      commentId,
      now,
    ]);
  }

  async setResolved(threadId: string, resolved: { at: number; by: string } | null): Promise<void> {
    await this.pool.query('UPDATE threads SET resolved_at = $2, resolved_by = $3 WHERE id = $1', [
      threadId,
      resolved?.at ?? null,
      resolved?.by ?? null,
    ]);
  }

  async markThreadRead(userId: string, threadId: string, at: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO thread_reads (user_id, thread_id, read_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, thread_id) DO UPDATE
       SET read_at = GREATEST(thread_reads.read_at, excluded.read_at)`,
      [userId, threadId, at],
    );
  }

  async threadReads(docId: string, userId: string): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ thread_id: string; read_at: string }>(
      `SELECT r.thread_id, r.read_at FROM thread_reads r JOIN threads t ON t.id = r.thread_id
       WHERE t.doc_id = $1 AND r.user_id = $2`,
      [docId, userId],
    );
    return new Map(rows.map((r) => [r.thread_id, Number(r.read_at)]));
  }

  async deleteDocComments(docId: string): Promise<void> {
    // Comments and read marks go with their threads (ON DELETE CASCADE).
    await this.pool.query('DELETE FROM threads WHERE doc_id = $1', [docId]);
  }
}
