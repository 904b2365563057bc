import type Database from 'better-sqlite3';
import {
  type ClaimResult,
  decideClaim,
  REQUEST_KEEP_MS,
  type RequestLog,
  type RequestRow,
  toRequestEntry,
} from './requests.js';
import { withStatementCache } from './statement-cache.js';

const REQUESTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS request_ids (
  user_id TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  status INTEGER,
  body TEXT,
  PRIMARY KEY (user_id, key)
) STRICT;
CREATE INDEX IF NOT EXISTS request_ids_age ON request_ids(user_id, claimed_at);
`;

/** RequestLog on the same SQLite database as the documents. */
export class SqliteRequestLog implements RequestLog {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = withStatementCache(db);
    db.exec(REQUESTS_SCHEMA);
  }

  async claim(userId: string, key: string, fingerprint: string, now: number): Promise<ClaimResult> {
    // One synchronous transaction: nothing else runs between the read and the write.
    return this.db.transaction((): ClaimResult => {
      this.db
        .prepare('DELETE FROM request_ids WHERE user_id = ? AND claimed_at < ?')
        .run(userId, now - REQUEST_KEEP_MS);
      const row = this.db
        .prepare<[string, string], RequestRow>(
          'SELECT fingerprint, claimed_at, status, body FROM request_ids WHERE user_id = ? AND key = ?',
        )
        .get(userId, key);
      const result = decideClaim(toRequestEntry(row), fingerprint, now);
      if (result.kind === 'claimed') {
        this.db
          .prepare(
            `INSERT INTO request_ids (user_id, key, fingerprint, claimed_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (user_id, key) DO UPDATE SET claimed_at = excluded.claimed_at`,
          )
          .run(userId, key, fingerprint, now);
      }
      return result;
    })();
  }

  async complete(userId: string, key: string, status: number, body: string): Promise<void> {
    this.db
      .prepare('UPDATE request_ids SET status = ?, body = ? WHERE user_id = ? AND key = ?')
      .run(status, body, userId, key);
  }

  async release(userId: string, key: string): Promise<void> {
    this.db
      .prepare('DELETE FROM request_ids WHERE user_id = ? AND key = ? AND status IS NULL')
      .run(userId, key);
  }
}
