import pg from 'pg';
import { assertSchemaName, migrate } from './migrations.js';

export interface PgPoolOptions {
  /** postgres://… */
  connectionString: string;
  /** The schema Ratify's tables live in (default `ratify`); tests use one per run. */
  schema?: string;
  /** Pool size (default 10). */
  maxConnections?: number;
  /** How long to wait for a new connection before failing (default 5 s). */
  connectTimeoutMs?: number;
}

/**
 * A pool whose connections use Ratify's schema, with the schema brought up to date first
 * (migrations.ts). Every PostgreSQL store shares it, as the SQLite stores share one file.
 */
export async function openPool(options: PgPoolOptions): Promise<{ pool: pg.Pool; schema: string }> {
  const schema = assertSchemaName(options.schema ?? 'ratify');
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    options: `-c search_path=${schema}`,
    // A database that stops answering (not refusing) fails appends in bounded time: the writer's
    // connection drops, its client shows "not saved" and sends again on reconnect.
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    keepAlive: true,
  });
  // An idle client's connection error must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    try {
      await migrate(client, schema);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  return { pool, schema };
}

/** Run `work` in a transaction on one pooled connection; rolled back if it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}

/**
 * Text for a PostgreSQL text column: PostgreSQL refuses the NUL character (U+0000), which a
 * document's text may hold (the client writes it), so it is stored as U+FFFD instead. Used for
 * every value derived from document content (titles, signed Markdown, notification text);
 * text from REST bodies never holds one (refused with 400).
 */
export function pgText<T extends string | null>(value: T): T {
  return (value === null ? value : value.replaceAll('\u0000', '\uFFFD')) as T;
}
