import type pg from 'pg';
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
} from '../versions.js';
import { inTransaction, pgText } from './pool.js';

/** VersionStore on PostgreSQL: versions of one document are numbered one writer at a time. */
export class PgVersionStore implements VersionStore {
  constructor(private readonly pool: pg.Pool) {}

  async addVersion(
    version: NewVersion,
    options: { unlessUnchanged?: boolean } = {},
  ): Promise<StoredVersion | null> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `ratify-versions:${version.docId}`,
      ]);
      const { rows } = await client.query<{ n: string; state_vector: Buffer }>(
        'SELECT n, state_vector FROM versions WHERE doc_id = $1 ORDER BY n DESC LIMIT 1',
        [version.docId],
      );
      const last = rows[0];
      const n = nextVersionNumber(
        last && { n: Number(last.n), stateVector: new Uint8Array(last.state_vector) },
        version,
        options,
      );
      if (n === null) return null;
      await client.query(
        `INSERT INTO versions (${VERSION_META_COLUMNS}, state, state_vector, markdown)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          version.docId,
          n,
          version.name === null ? null : pgText(version.name),
          version.kind,
          version.at,
          version.createdBy,
          JSON.stringify(version.contributors),
          JSON.stringify(version.signoffs),
          Buffer.from(version.state),
          Buffer.from(version.stateVector),
          pgText(version.markdown),
        ],
      );
      return { ...version, n };
    });
  }

  async listVersions(docId: string): Promise<VersionMeta[]> {
    const { rows } = await this.pool.query<VersionRow>(
      `SELECT ${VERSION_META_COLUMNS} FROM versions WHERE doc_id = $1 ORDER BY n`,
      [docId],
    );
    return rows.map(toVersionMeta);
  }

  async getVersion(docId: string, n: number): Promise<StoredVersion | null> {
    const { rows } = await this.pool.query<StoredVersionRow>(
      'SELECT * FROM versions WHERE doc_id = $1 AND n = $2',
      [docId, n],
    );
    return rows[0] === undefined ? null : toStoredVersion(rows[0]);
  }

  async findVersion(docId: string, name: string): Promise<StoredVersion | null> {
    const { rows } = await this.pool.query<StoredVersionRow>(
      'SELECT * FROM versions WHERE doc_id = $1 AND name = $2 ORDER BY n DESC LIMIT 1',
      [docId, name],
    );
    return rows[0] === undefined ? null : toStoredVersion(rows[0]);
  }

  async deleteDocVersions(docId: string): Promise<void> {
    await this.pool.query('DELETE FROM versions WHERE doc_id = $1', [docId]);
  }
}
