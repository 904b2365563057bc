import type { Migration } from '../migrations.js';

/** Document versions (PgVersionStore). */
export const VERSIONS_MIGRATION: Migration = {
  version: 9,
  name: 'document versions',
  sql: `
CREATE TABLE versions (
  doc_id text NOT NULL,
  n bigint NOT NULL,
  name text,
  kind text NOT NULL CHECK (kind IN ('auto', 'manual', 'approval', 'restore')),
  at bigint NOT NULL,
  created_by text,
  -- json, not jsonb: section titles come from the document and may hold a \\u0000 escape.
  contributors json NOT NULL,
  signoffs json NOT NULL,
  state bytea NOT NULL,
  state_vector bytea NOT NULL,
  markdown text NOT NULL,
  PRIMARY KEY (doc_id, n)
);
CREATE INDEX versions_name ON versions (doc_id, name);
`,
};
