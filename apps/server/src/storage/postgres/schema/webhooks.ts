import type { Migration } from '../migrations.js';

/** Webhooks and their deliveries (PgWebhookStore). */
export const WEBHOOKS_MIGRATION: Migration = {
  version: 5,
  name: 'webhooks and their deliveries',
  sql: `
CREATE TABLE webhooks (
  id text PRIMARY KEY,
  doc_id text,
  url text NOT NULL,
  secret text NOT NULL,
  created_by text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX webhooks_doc ON webhooks (doc_id);
CREATE TABLE deliveries (
  id text PRIMARY KEY,
  webhook_id text NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event text NOT NULL,
  body text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL,
  last_result text,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX deliveries_hook ON deliveries (webhook_id, created_at);
`,
};
