import type { Migration } from '../migrations.js';

/** Comment threads, comments and read marks (PgCommentStore). */
export const COMMENTS_MIGRATION: Migration = {
  version: 4,
  name: 'comment threads, comments and read marks',
  sql: `
CREATE TABLE threads (
  id text PRIMARY KEY,
  doc_id text NOT NULL,
  section_id text NOT NULL,
  anchor jsonb,
  author_id text NOT NULL,
  created_at bigint NOT NULL,
  resolved_at bigint,
  resolved_by text
);
CREATE INDEX threads_doc ON threads (doc_id, created_at);
CREATE TABLE comments (
  id text PRIMARY KEY,
  thread_id text NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
  author_id text NOT NULL,
  body text NOT NULL,
  created_at bigint NOT NULL,
  edited_at bigint,
  deleted_at bigint
);
CREATE INDEX comments_thread ON comments (thread_id, created_at);
CREATE TABLE thread_reads (
  user_id text NOT NULL,
  thread_id text NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
  read_at bigint NOT NULL,
  PRIMARY KEY (user_id, thread_id)
);
`,
};
