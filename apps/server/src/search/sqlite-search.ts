import type Database from 'better-sqlite3';
import { withStatementCache } from '../storage/statement-cache.js';
import {
  HIT_END,
  HIT_START,
  type HitRow,
  queryWords,
  type SearchDocument,
  type SearchHit,
  type SearchIndex,
  toHit,
} from './search.js';

const SEARCH_SCHEMA = `
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
  doc_id UNINDEXED, kind UNINDEXED, section_id UNINDEXED, thread_id UNINDEXED, heading, body,
  tokenize = 'unicode61'
);
CREATE TABLE IF NOT EXISTS search_docs (
  doc_id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  indexed_at INTEGER NOT NULL
) STRICT;
`;

/** SearchIndex on SQLite FTS5, in the same database as the documents. */
export class SqliteSearchIndex implements SearchIndex {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = withStatementCache(db);
    db.exec(SEARCH_SCHEMA);
  }

  async indexDocument(doc: SearchDocument, at: number): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM search_fts WHERE doc_id = ?').run(doc.docId);
      const insert = this.db.prepare(
        'INSERT INTO search_fts (doc_id, kind, section_id, thread_id, heading, body) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const e of doc.entries) {
        insert.run(doc.docId, e.kind, e.sectionId, e.threadId, e.heading, e.body);
      }
      this.db
        .prepare(
          `INSERT INTO search_docs (doc_id, title, indexed_at) VALUES (?, ?, ?)
           ON CONFLICT (doc_id) DO UPDATE SET title = excluded.title, indexed_at = excluded.indexed_at`,
        )
        .run(doc.docId, doc.title, at);
    })();
  }

  async removeDocument(docId: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM search_fts WHERE doc_id = ?').run(docId);
      this.db.prepare('DELETE FROM search_docs WHERE doc_id = ?').run(docId);
    })();
  }

  async indexedAt(docId: string): Promise<number | null> {
    const row = this.db
      .prepare<[string], { indexed_at: number }>(
        'SELECT indexed_at FROM search_docs WHERE doc_id = ?',
      )
      .get(docId);
    return row?.indexed_at ?? null;
  }

  async search(query: string, docIds: readonly string[], limit: number): Promise<SearchHit[]> {
    const words = queryWords(query);
    if (words.length === 0 || docIds.length === 0) return [];
    // Each word as a quoted prefix term: FTS5 syntax never comes from the user.
    const match = words.map((w) => `"${w}"*`).join(' ');
    const rows = this.db
      .prepare<[string, string, string, string, number], HitRow>(
        `SELECT f.doc_id, d.title AS doc_title, f.kind, f.section_id, f.thread_id, f.heading,
                snippet(search_fts, 5, ?, ?, '…', 16) AS snippet
         FROM search_fts f JOIN search_docs d ON d.doc_id = f.doc_id
         WHERE search_fts MATCH ? AND f.doc_id IN (SELECT value FROM json_each(?))
         ORDER BY bm25(search_fts, 0, 0, 0, 0, 4.0, 1.0), f.rowid
         LIMIT ?`,
      )
      .all(HIT_START, HIT_END, match, JSON.stringify(docIds), limit);
    return rows.map(toHit);
  }
}
