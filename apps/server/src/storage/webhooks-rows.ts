import { type Int, int } from './rows.js';
import type { Delivery, Webhook, WebhookEvent } from './webhooks.js';

/** Rows of the webhook tables, in both backends. */
export interface HookRow {
  id: string;
  doc_id: string | null;
  url: string;
  secret: string;
  created_by: string;
  created_at: Int;
}

export interface DeliveryRow {
  id: string;
  webhook_id: string;
  event: WebhookEvent;
  body: string;
  state: Delivery['state'];
  attempts: number;
  last_result: string | null;
  created_at: Int;
  updated_at: Int;
}

export const toHook = (r: HookRow): Webhook => ({
  id: r.id,
  docId: r.doc_id,
  url: r.url,
  secret: r.secret,
  createdBy: r.created_by,
  createdAt: int(r.created_at),
});

export const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  webhookId: r.webhook_id,
  event: r.event,
  body: r.body,
  state: r.state,
  attempts: r.attempts,
  lastResult: r.last_result,
  createdAt: int(r.created_at),
  updatedAt: int(r.updated_at),
});
