import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { registerAccountsContractTests } from './accounts.contract.js';
import { SqliteAccountStore } from './sqlite-accounts.js';
import { tempSqliteStore } from './sqlite-temp.js';

registerAccountsContractTests('sqlite', () =>
  tempSqliteStore('accounts', (db) => new SqliteAccountStore(db)),
);

describe('SqliteAccountStore upgrades', () => {
  it('[AC10] a data folder made before accounts could be disabled gets the column in place, its accounts enabled', async () => {
    const db = new Database(':memory:');
    try {
      db.exec(`CREATE TABLE users (
        id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, color TEXT NOT NULL,
        is_admin INTEGER NOT NULL DEFAULT 0, password_hash TEXT, created_at INTEGER NOT NULL
      ) STRICT`);
      db.prepare(
        "INSERT INTO users VALUES ('ada', 'ada@example.org', 'Ada', '#123456', 1, 'h', 7)",
      ).run();
      const store = new SqliteAccountStore(db);
      expect(await store.getUser('ada')).toMatchObject({ id: 'ada', disabledAt: null });
      expect((await store.updateUser('ada', { disabledAt: 9 }))?.disabledAt).toBe(9);
      // Opening it again changes nothing.
      new SqliteAccountStore(db);
      expect((await store.getUser('ada'))?.disabledAt).toBe(9);
    } finally {
      db.close();
    }
  });
});
