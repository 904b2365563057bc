import type Database from 'better-sqlite3';
import { withStatementCache } from './statement-cache.js';
import type { Delivery, Webhook, WebhookStore } from './webhooks.js';
import { type DeliveryRow, type HookRow, toDelivery, toHook } from './webhooks-rows.js';

const WEBHOOKS_SCHEMA = `
CREATE TABLE IF NOT EXISTS webhooks (
  id TEXT PRIMARY KEY,
  doc_id TEXT,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS deliveries (
  id TEXT PRIMARY KEY,
  webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL,
  last_result TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS deliveries_hook ON deliveries(webhook_id, created_at);
`;

/** WebhookStore on the same SQLite database as the documents (its own tables). */
export class SqliteWebhookStore implements WebhookStore {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = withStatementCache(db);
    db.exec(WEBHOOKS_SCHEMA);
  }

  async createWebhook(hook: Webhook): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO webhooks (id, doc_id, url, secret, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(hook.id, hook.docId, hook.url, hook.secret, hook.createdBy, hook.createdAt);
  }

  async webhooksFor(docId: string | null): Promise<Webhook[]> {
    return this.db
      .prepare<[string | null], HookRow>(
        'SELECT * FROM webhooks WHERE doc_id IS NULL OR doc_id = ? ORDER BY created_at, id',
      )
      .all(docId)
      .map(toHook);
  }

  async getWebhook(id: string): Promise<Webhook | null> {
    const row = this.db.prepare<[string], HookRow>('SELECT * FROM webhooks WHERE id = ?').get(id);
    return row === undefined ? null : toHook(row);
  }

  async deleteWebhook(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM webhooks WHERE id = ?').run(id).changes > 0;
  }

  async saveDelivery(d: Delivery): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO deliveries (id, webhook_id, event, body, state, attempts, last_result, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, attempts = excluded.attempts,
           last_result = excluded.last_result, updated_at = excluded.updated_at`,
      )
      .run(
        d.id,
        d.webhookId,
        d.event,
        d.body,
        d.state,
        d.attempts,
        d.lastResult,
        d.createdAt,
        d.updatedAt,
      );
  }

  async listDeliveries(webhookId: string, limit: number): Promise<Delivery[]> {
    return this.db
      .prepare<[string, number], DeliveryRow>(
        'SELECT * FROM deliveries WHERE webhook_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
      )
      .all(webhookId, limit)
      .map(toDelivery);
  }
}
