import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPool } from './pool.js';

/**
 * The PostgreSQL the tests run against (`RATIFY_TEST_POSTGRES_URL`), or null to skip them. With
 * `RATIFY_REQUIRE_SERVICES=1` (CI) a missing URL fails instead.
 */
export function testPostgresUrl(): string | null {
  const url = process.env.RATIFY_TEST_POSTGRES_URL ?? null;
  if (url === null && process.env.RATIFY_REQUIRE_SERVICES === '1') {
    throw new Error('RATIFY_TEST_POSTGRES_URL is not set, and RATIFY_REQUIRE_SERVICES=1');
  }
  return url;
}

/** A schema name no other test run uses, and a way to drop it with everything in it. */
export function freshSchema(url: string): { schema: string; drop: () => Promise<void> } {
  const schema = `ratify_test_${randomBytes(6).toString('hex')}`;
  return {
    schema,
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * For the PostgreSQL runs of the store contract suites: a store on a pool of its own fresh
 * schema (migrated), and a close that drops the schema.
 */
export async function tempPgStore<S>(
  url: string,
  make: (pool: pg.Pool) => S,
): Promise<{ store: S; close: () => Promise<void> }> {
  const { schema, drop } = freshSchema(url);
  const { pool } = await openPool({ connectionString: url, schema });
  return {
    store: make(pool),
    close: async () => {
      await pool.end();
      await drop();
    },
  };
}
