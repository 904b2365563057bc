import type { Migration } from '../migrations.js';

/** Notifications (PgNotificationStore). */
export const NOTIFICATIONS_MIGRATION: Migration = {
  version: 6,
  name: 'notifications',
  sql: `
CREATE TABLE notifications (
  id text PRIMARY KEY,
  -- Insertion order, to break ties between notifications made in the same millisecond.
  n bigint GENERATED ALWAYS AS IDENTITY,
  user_id text NOT NULL,
  kind text NOT NULL,
  doc_id text NOT NULL,
  doc_title text NOT NULL,
  actor_id text,
  actor_name text,
  thread_id text,
  section_id text,
  text text NOT NULL,
  at bigint NOT NULL,
  read_at bigint
);
CREATE INDEX notifications_user ON notifications (user_id, at DESC, n DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_doc ON notifications (doc_id);
`,
};
