import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteWebhookStore } from './sqlite-webhooks.js';
import { registerWebhookContractTests } from './webhooks.contract.js';

registerWebhookContractTests('sqlite', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ratify-webhooks-'));
  const db = new Database(path.join(dir, 'ratify.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  return {
    store: new SqliteWebhookStore(db),
    close: async () => {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
