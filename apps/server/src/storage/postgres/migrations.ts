import type pg from 'pg';
import { ACCOUNTS_MIGRATION } from './schema/accounts.js';
import { COMMENTS_MIGRATION } from './schema/comments.js';
import { DISABLED_USERS_MIGRATION } from './schema/disabled-users.js';
import { DOCS_MIGRATION } from './schema/docs.js';
import { NOTIFICATIONS_MIGRATION } from './schema/notifications.js';
import { REQUESTS_MIGRATION } from './schema/requests.js';
import { REVIEW_MIGRATION } from './schema/review.js';
import { SEARCH_MIGRATION } from './schema/search.js';
import { SETTINGS_MIGRATION } from './schema/settings.js';
import { TEMPLATES_MIGRATION } from './schema/templates.js';
import { VERSIONS_MIGRATION } from './schema/versions.js';
import { WEBHOOKS_MIGRATION } from './schema/webhooks.js';

/**
 * The PostgreSQL schema, as numbered migrations applied in order at start (and by the `migrate`
 * command). A migration is never edited once released: a change is a new one. Each runs in the
 * same transaction as its row in `ratify_migrations`, under an advisory lock, so instances
 * starting together apply each exactly once.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, in order: one per store, then whatever later changes need. */
export const MIGRATIONS: readonly Migration[] = [
  DOCS_MIGRATION,
  ACCOUNTS_MIGRATION,
  REVIEW_MIGRATION,
  COMMENTS_MIGRATION,
  WEBHOOKS_MIGRATION,
  NOTIFICATIONS_MIGRATION,
  SETTINGS_MIGRATION,
  REQUESTS_MIGRATION,
  VERSIONS_MIGRATION,
  SEARCH_MIGRATION,
  TEMPLATES_MIGRATION,
  DISABLED_USERS_MIGRATION,
];

/** A schema name that is safe to write into SQL as an identifier. */
export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
  }
  return schema;
}

/** Apply every migration not applied yet; resolves with the versions applied now. */
export async function migrate(
  client: pg.PoolClient | pg.Client,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const s = assertSchemaName(schema);
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    // One migrator at a time per schema, across every instance.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ratify-migrate:${s}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.ratify_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`,
    );
    const { rows } = await client.query<{ version: number }>(
      `SELECT version FROM ${s}.ratify_migrations`,
    );
    const done = new Set(rows.map((r) => r.version));
    await client.query(`SET LOCAL search_path TO ${s}`);
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query(
        `INSERT INTO ${s}.ratify_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
        [migration.version, migration.name, Date.now()],
      );
      applied.push(migration.version);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return applied;
}
