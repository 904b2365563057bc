import { tempSqliteStore } from './sqlite-temp.js';
import { SqliteWebhookStore } from './sqlite-webhooks.js';
import { registerWebhookContractTests } from './webhooks.contract.js';

registerWebhookContractTests('sqlite', () =>
  tempSqliteStore('webhooks', (db) => new SqliteWebhookStore(db)),
);
