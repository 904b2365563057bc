import type Database from 'better-sqlite3';
import { withStatementCache } from './statement-cache.js';
import {
  type NewVersion,
  nextVersionNumber,
  type StoredVersion,
  type StoredVersionRow,
  toStoredVersion,
  toVersionMeta,
  VERSION_META_COLUMNS,
  type VersionMeta,
  type VersionRow,
  type VersionStore,
} from './versions.js';

const VERSIONS_SCHEMA = `
CREATE TABLE IF NOT EXISTS versions (
  doc_id TEXT NOT NULL,
  n INTEGER NOT NULL,
  name TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('auto', 'manual', 'approval', 'restore')),
  at INTEGER NOT NULL,
  created_by TEXT,
  contributors TEXT NOT NULL,
  signoffs TEXT NOT NULL,
  state BLOB NOT NULL,
  state_vector BLOB NOT NULL,
  markdown TEXT NOT NULL,
  PRIMARY KEY (doc_id, n)
) STRICT;
CREATE INDEX IF NOT EXISTS versions_name ON versions(doc_id, name);
`;

/** VersionStore on the same SQLite database as the documents. */
export class SqliteVersionStore implements VersionStore {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = withStatementCache(db);
    db.exec(VERSIONS_SCHEMA);
  }

  async addVersion(
    version: NewVersion,
    options: { unlessUnchanged?: boolean } = {},
  ): Promise<StoredVersion | null> {
    // One synchronous transaction: the check, the number and the insert happen together.
    return this.db.transaction((): StoredVersion | null => {
      const last = this.db
        .prepare<[string], { n: number; state_vector: Uint8Array }>(
          'SELECT n, state_vector FROM versions WHERE doc_id = ? ORDER BY n DESC LIMIT 1',
        )
        .get(version.docId);
      const n = nextVersionNumber(
        last && { n: last.n, stateVector: last.state_vector },
        version,
        options,
      );
      if (n === null) return null;
      this.db
        .prepare(
          `INSERT INTO versions (${VERSION_META_COLUMNS}, state, state_vector, markdown)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          version.docId,
          n,
          version.name,
          version.kind,
          version.at,
          version.createdBy,
          JSON.stringify(version.contributors),
          JSON.stringify(version.signoffs),
          Buffer.from(version.state),
          Buffer.from(version.stateVector),
          version.markdown,
        );
      return { ...version, n };
    })();
  }

  async listVersions(docId: string): Promise<VersionMeta[]> {
    return this.db
      .prepare<[string], VersionRow>(
        `SELECT ${VERSION_META_COLUMNS} FROM versions WHERE doc_id = ? ORDER BY n`,
      )
      .all(docId)
      .map(toVersionMeta);
  }

  async getVersion(docId: string, n: number): Promise<StoredVersion | null> {
    const row = this.db
      .prepare<[string, number], StoredVersionRow>(
        'SELECT * FROM versions WHERE doc_id = ? AND n = ?',
      )
      .get(docId, n);
    return row === undefined ? null : toStoredVersion(row);
  }

  async findVersion(docId: string, name: string): Promise<StoredVersion | null> {
    const row = this.db
      .prepare<[string, string], StoredVersionRow>(
        'SELECT * FROM versions WHERE doc_id = ? AND name = ? ORDER BY n DESC LIMIT 1',
      )
      .get(docId, name);
    return row === undefined ? null : toStoredVersion(row);
  }

  async deleteDocVersions(docId: string): Promise<void> {
    this.db.prepare('DELETE FROM versions WHERE doc_id = ?').run(docId);
  }
}
