import type { Migration } from '../migrations.js';

/** Documents, their update logs and snapshots (PgStorage). */
export const DOCS_MIGRATION: Migration = {
  version: 1,
  name: 'documents and their update logs',
  sql: `
CREATE TABLE docs (
  id text PRIMARY KEY,
  title text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  -- The sequence number of the document's last update: bumped under this row's lock in the
  -- transaction that inserts the updates, so numbers are contiguous and follow commit order.
  head bigint NOT NULL DEFAULT 0,
  -- Every update up to this sequence number is folded into the newest snapshot.
  compacted bigint NOT NULL DEFAULT 0
);
CREATE INDEX docs_updated ON docs (updated_at DESC, id);
CREATE TABLE doc_updates (
  doc_id text NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (doc_id, seq)
);
-- A compaction writes a new row and then deletes what it covers: no large value is rewritten.
CREATE TABLE doc_snapshots (
  doc_id text NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
  upto bigint NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (doc_id, upto)
);
`,
};
