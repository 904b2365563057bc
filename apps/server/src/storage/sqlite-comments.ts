import type Database from 'better-sqlite3';
import type { CommentStore, StoredComment, StoredThread } from './comments.js';
import { type CommentRow, type ThreadRow, toComment, toThread } from './comments-rows.js';
import { withStatementCache } from './statement-cache.js';

const COMMENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS threads (
  id TEXT PRIMARY KEY,
  doc_id TEXT NOT NULL,
  section_id TEXT NOT NULL,
  anchor TEXT,
  author_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  resolved_at INTEGER,
  resolved_by TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS threads_doc ON threads(doc_id, created_at);
CREATE TABLE IF NOT EXISTS comments (
  id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  edited_at INTEGER,
  deleted_at INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS comments_thread ON comments(thread_id, created_at);
CREATE TABLE IF NOT EXISTS thread_reads (
  user_id TEXT NOT NULL,
  thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  read_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, thread_id)
) STRICT, WITHOUT ROWID;
`;

/** CommentStore on the same SQLite database as the documents (its own tables). */
export class SqliteCommentStore implements CommentStore {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = withStatementCache(db);
    db.exec(COMMENTS_SCHEMA);
  }

  async createThread(
    thread: Omit<StoredThread, 'comments' | 'resolvedAt' | 'resolvedBy'>,
    first: StoredComment,
  ): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO threads (id, doc_id, section_id, anchor, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          thread.id,
          thread.docId,
          thread.sectionId,
          thread.anchor === null ? null : JSON.stringify(thread.anchor),
          thread.authorId,
          thread.createdAt,
        );
      this.insertComment(first);
    })();
  }

  async addComment(comment: StoredComment): Promise<void> {
    this.insertComment(comment);
  }

  private insertComment(c: StoredComment): void {
    this.db
      .prepare(
        'INSERT INTO comments (id, thread_id, author_id, body, created_at, edited_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(c.id, c.threadId, c.authorId, c.body, c.createdAt, c.editedAt, c.deletedAt);
  }

  async getThread(docId: string, threadId: string): Promise<StoredThread | null> {
    const row = this.db
      .prepare<[string, string], ThreadRow>('SELECT * FROM threads WHERE doc_id = ? AND id = ?')
      .get(docId, threadId);
    return row === undefined ? null : (this.withComments([row])[0] ?? null);
  }

  async listThreads(docId: string): Promise<StoredThread[]> {
    const rows = this.db
      .prepare<[string], ThreadRow>(
        'SELECT * FROM threads WHERE doc_id = ? ORDER BY created_at, id',
      )
      .all(docId);
    return this.withComments(rows);
  }

  private withComments(rows: ThreadRow[]): StoredThread[] {
    const comments = this.db.prepare<[string], CommentRow>(
      'SELECT * FROM comments WHERE thread_id = ? ORDER BY created_at, id',
    );
    return rows.map((r) => toThread(r, comments.all(r.id).map(toComment)));
  }

  async getComment(docId: string, commentId: string): Promise<StoredComment | null> {
    const row = this.db
      .prepare<[string, string], CommentRow>(
        'SELECT c.* FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.doc_id = ? AND c.id = ?',
      )
      .get(docId, commentId);
    return row === undefined ? null : toComment(row);
  }

  async editComment(commentId: string, body: string, now: number): Promise<void> {
    this.db
      .prepare('UPDATE comments SET body = ?, edited_at = ? WHERE id = ?')
      .run(body, now, commentId);
  }

  async deleteComment(commentId: string, now: number): Promise<void> {
    this.db
      .prepare("UPDATE comments SET body = '', deleted_at = ? WHERE id = ?")
      .run(now, commentId);
  }

  async deleteDocComments(docId: string): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          'DELETE FROM comments WHERE thread_id IN (SELECT id FROM threads WHERE doc_id = ?)',
        )
        .run(docId);
      this.db
        .prepare(
          'DELETE FROM thread_reads WHERE thread_id IN (SELECT id FROM threads WHERE doc_id = ?)',
        )
        .run(docId);
      this.db.prepare('DELETE FROM threads WHERE doc_id = ?').run(docId);
    })();
  }

  async markThreadRead(userId: string, threadId: string, at: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO thread_reads (user_id, thread_id, read_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id, thread_id) DO UPDATE SET read_at = max(read_at, excluded.read_at)`,
      )
      .run(userId, threadId, at);
  }

  async threadReads(docId: string, userId: string): Promise<Map<string, number>> {
    const rows = this.db
      .prepare<[string, string], { thread_id: string; read_at: number }>(
        `SELECT r.thread_id, r.read_at FROM thread_reads r JOIN threads t ON t.id = r.thread_id
         WHERE t.doc_id = ? AND r.user_id = ?`,
      )
      .all(docId, userId);
    return new Map(rows.map((r) => [r.thread_id, r.read_at]));
  }

  async setResolved(threadId: string, resolved: { at: number; by: string } | null): Promise<void> {
    this.db
      .prepare('UPDATE threads SET resolved_at = ?, resolved_by = ? WHERE id = ?')
      .run(resolved?.at ?? null, resolved?.by ?? null, threadId);
  }
}
