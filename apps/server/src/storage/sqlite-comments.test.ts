import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { registerCommentContractTests } from './comments.contract.js';
import { SqliteCommentStore } from './sqlite-comments.js';

registerCommentContractTests('sqlite', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ratify-comments-'));
  const db = new Database(path.join(dir, 'ratify.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  return {
    store: new SqliteCommentStore(db),
    close: async () => {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
