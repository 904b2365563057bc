import type pg from 'pg';
import type { Delivery, Webhook, WebhookStore } from '../webhooks.js';
import { type DeliveryRow, type HookRow, toDelivery, toHook } from '../webhooks-rows.js';

/** WebhookStore on PostgreSQL. */
export class PgWebhookStore implements WebhookStore {
  constructor(private readonly pool: pg.Pool) {}

  async createWebhook(hook: Webhook): Promise<void> {
    await this.pool.query(
      `INSERT INTO webhooks (id, doc_id, url, secret, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [hook.id, hook.docId, hook.url, hook.secret, hook.createdBy, hook.createdAt],
    );
  }

  async webhooksFor(docId: string | null): Promise<Webhook[]> {
    const { rows } = await this.pool.query<HookRow>(
      'SELECT * FROM webhooks WHERE doc_id IS NULL OR doc_id = $1 ORDER BY created_at, id',
      [docId],
    );
    return rows.map(toHook);
  }

  async getWebhook(id: string): Promise<Webhook | null> {
    const { rows } = await this.pool.query<HookRow>('SELECT * FROM webhooks WHERE id = $1', [id]);
    return rows[0] === undefined ? null : toHook(rows[0]);
  }

  async deleteWebhook(id: string): Promise<boolean> {
    const deleted = await this.pool.query('DELETE FROM webhooks WHERE id = $1', [id]);
    return (deleted.rowCount ?? 0) > 0;
  }

  async saveDelivery(d: Delivery): Promise<void> {
    await this.pool.query(
      `INSERT INTO deliveries (id, webhook_id, event, body, state, attempts, last_result, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, attempts = excluded.attempts,
         last_result = excluded.last_result, updated_at = excluded.updated_at`,
      [
        d.id,
        d.webhookId,
        d.event,
        d.body,
        d.state,
        d.attempts,
        d.lastResult,
        d.createdAt,
        d.updatedAt,
      ],
    );
  }

  async listDeliveries(webhookId: string, limit: number): Promise<Delivery[]> {
    const { rows } = await this.pool.query<DeliveryRow>(
      'SELECT * FROM deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2',
      [webhookId, limit],
    );
    return rows.map(toDelivery);
  }
}
