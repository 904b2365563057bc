import type { Migration } from '../migrations.js';

/**
 * Reviewers, sign-off records, rounds, approvals (PgReviewStore). No foreign key to docs: the
 * sign-off records and approvals outlive a deleted document, for audit.
 */
export const REVIEW_MIGRATION: Migration = {
  version: 3,
  name: 'reviewers, sign-off records, rounds, approvals',
  sql: `
CREATE TABLE reviewers (
  doc_id text PRIMARY KEY,
  document jsonb NOT NULL,
  sections jsonb NOT NULL
);
-- The hash chain: (doc_id, seq) is unique, so two writers can never both extend the same head.
CREATE TABLE signoffs (
  doc_id text NOT NULL,
  seq bigint NOT NULL,
  section_id text NOT NULL,
  signer_id text NOT NULL,
  verdict text NOT NULL CHECK (verdict IN ('approve', 'changes_requested')),
  content_hash text NOT NULL,
  round_id text,
  at bigint NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (doc_id, seq)
);
CREATE TABLE signoff_content (
  doc_id text NOT NULL,
  seq bigint NOT NULL,
  markdown text NOT NULL,
  PRIMARY KEY (doc_id, seq)
);
CREATE TABLE rounds (
  id text PRIMARY KEY,
  doc_id text NOT NULL,
  started_by text NOT NULL,
  started_at bigint NOT NULL,
  ended_at bigint,
  attendees jsonb NOT NULL
);
-- At most one open round per document, whichever instance calls it.
CREATE UNIQUE INDEX rounds_one_open ON rounds (doc_id) WHERE ended_at IS NULL;
CREATE TABLE approvals (
  doc_id text NOT NULL,
  n integer NOT NULL,
  version text NOT NULL,
  at bigint NOT NULL,
  approvers jsonb NOT NULL,
  summary text NOT NULL,
  section_hashes jsonb NOT NULL,
  markdown text NOT NULL,
  state bytea NOT NULL,
  PRIMARY KEY (doc_id, n)
);
CREATE TABLE review_settings (
  doc_id text PRIMARY KEY,
  version_step text NOT NULL CHECK (version_step IN ('minor', 'major'))
);
`,
};
