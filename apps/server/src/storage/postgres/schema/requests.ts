import type { Migration } from '../migrations.js';

/** Request ids (Idempotency-Key): a retried sign-off or comment is applied once. */
export const REQUESTS_MIGRATION: Migration = {
  version: 8,
  name: 'request ids',
  sql: `
CREATE TABLE request_ids (
  user_id text NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  claimed_at bigint NOT NULL,
  status integer,
  body text,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX request_ids_age ON request_ids (user_id, claimed_at);
`,
};
