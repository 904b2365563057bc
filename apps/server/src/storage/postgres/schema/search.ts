import type { Migration } from '../migrations.js';

/** The full-text search index (PgSearchIndex): derived from the documents, rebuilt at will. */
export const SEARCH_MIGRATION: Migration = {
  version: 10,
  name: 'full-text search',
  sql: `
CREATE TABLE search_docs (
  doc_id text PRIMARY KEY,
  title text NOT NULL,
  indexed_at bigint NOT NULL
);
CREATE TABLE search_entries (
  doc_id text NOT NULL REFERENCES search_docs (doc_id) ON DELETE CASCADE,
  n integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('title', 'section', 'comment')),
  section_id text,
  thread_id text,
  heading text NOT NULL,
  body text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', heading), 'A') || setweight(to_tsvector('simple', body), 'B')
  ) STORED,
  PRIMARY KEY (doc_id, n)
);
CREATE INDEX search_entries_tsv ON search_entries USING gin (tsv);
`,
};
