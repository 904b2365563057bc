/**
 * Webhooks: HTTPS endpoints an owner (for a document) or the administrator (for the instance)
 * registers to receive review events, and the log of every delivery attempt.
 */

export const WEBHOOK_EVENTS = [
  'comment.created',
  'signoff.recorded',
  'section.stale',
  'document.approved',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface Webhook {
  id: string;
  /** null: every document of the instance. */
  docId: string | null;
  url: string;
  /** Signs each delivery (HMAC-SHA256); shown to its creator once. */
  secret: string;
  createdBy: string;
  createdAt: number;
}

export interface Delivery {
  id: string;
  webhookId: string;
  event: WebhookEvent;
  /** The JSON body sent (the same bytes on every attempt). */
  body: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** The last attempt's HTTP status, or its network error. */
  lastResult: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface WebhookStore {
  createWebhook(hook: Webhook): Promise<void>;
  /** The document's hooks and the instance's (docId null: the instance's only). */
  webhooksFor(docId: string | null): Promise<Webhook[]>;
  getWebhook(id: string): Promise<Webhook | null>;
  deleteWebhook(id: string): Promise<boolean>;
  saveDelivery(delivery: Delivery): Promise<void>;
  /** Newest first. */
  listDeliveries(webhookId: string, limit: number): Promise<Delivery[]>;
}
