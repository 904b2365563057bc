import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import { openBackend } from '../storage/backend.js';
import { MIGRATIONS, migrate } from '../storage/postgres/migrations.js';
import { CliError } from './errors.js';

/**
 * Bring the database up to date and say what was done: on PostgreSQL the numbered migrations
 * not applied yet (under the advisory lock, safe beside running instances); on SQLite the
 * stores' tables, created or upgraded when they open.
 */
export async function runMigrate(config: Config): Promise<string> {
  if (config.database !== null) {
    const client = new pg.Client({
      connectionString: config.database.url,
      connectionTimeoutMillis: 10_000,
    });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      const where = new URL(config.database.url);
      throw new CliError(
        `cannot reach PostgreSQL at ${where.hostname}:${where.port || 5432}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    try {
      const applied = await migrate(client, config.database.schema);
      const latest = Math.max(...MIGRATIONS.map((m) => m.version));
      const names = applied.map((v) => `${v} (${MIGRATIONS.find((m) => m.version === v)?.name})`);
      return applied.length > 0
        ? `PostgreSQL schema ${config.database.schema}: applied ${names.join(', ')}; now at version ${latest}`
        : `PostgreSQL schema ${config.database.schema} is up to date (version ${latest})`;
    } finally {
      await client.end();
    }
  }
  const backend = await openBackend(config);
  await backend.storage.close();
  return `SQLite database ${path.join(config.dataDir, 'ratify.db')} is up to date`;
}
