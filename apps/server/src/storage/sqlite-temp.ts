import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * For the SQLite runs of the store contract suites: a store on a fresh database file in its own
 * temp folder (WAL, foreign keys on, as the server opens it), and a close that removes it.
 */
export async function tempSqliteStore<S>(
  name: string,
  make: (db: Database.Database) => S,
): Promise<{ store: S; close: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `ratify-${name}-`));
  const db = new Database(path.join(dir, 'ratify.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  return {
    store: make(db),
    close: async () => {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
