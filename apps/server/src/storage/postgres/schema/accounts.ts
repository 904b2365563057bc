import type { Migration } from '../migrations.js';

/** Accounts, sessions and tokens, members, invites, audit (PgAccountStore). */
export const ACCOUNTS_MIGRATION: Migration = {
  version: 2,
  name: 'accounts, sessions and tokens, members, invites, audit',
  sql: `
-- Emails are stored lower-cased by the store (as in SQLite) and compared exactly, so the
-- uniqueness does not depend on the database's locale.
CREATE TABLE users (
  id text PRIMARY KEY,
  email text NOT NULL CONSTRAINT users_email_unique UNIQUE,
  name text NOT NULL,
  color text NOT NULL,
  is_admin boolean NOT NULL DEFAULT false,
  password_hash text,
  created_at bigint NOT NULL
);
CREATE INDEX users_created ON users (created_at, id);
CREATE TABLE tokens (
  id text PRIMARY KEY,
  secret_hash text NOT NULL UNIQUE,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('session', 'api')),
  name text NOT NULL,
  created_at bigint NOT NULL,
  last_used_at bigint NOT NULL,
  expires_at bigint
);
CREATE INDEX tokens_user ON tokens (user_id, kind);
CREATE INDEX tokens_expiry ON tokens (expires_at) WHERE expires_at IS NOT NULL;
-- No foreign key to docs: access is kept by document id, as in SQLite.
CREATE TABLE members (
  doc_id text NOT NULL,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
  added_at bigint NOT NULL,
  -- The share link the membership exists through, or null; not a foreign key (a revoked or
  -- forgotten link's id may still be named).
  via_invite text,
  PRIMARY KEY (doc_id, user_id)
);
CREATE INDEX members_user ON members (user_id, doc_id);
CREATE INDEX members_invite ON members (doc_id, via_invite) WHERE via_invite IS NOT NULL;
CREATE TABLE invites (
  id text PRIMARY KEY,
  secret_hash text NOT NULL UNIQUE,
  doc_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
  created_by text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  revoked_at bigint
);
CREATE INDEX invites_doc ON invites (doc_id, created_at, id);
-- Append-only. seq increases with every entry (a page's "before" cursor); json, not jsonb,
-- keeps the detail exactly as written (jsonb rejects a \\u0000 escape in a string).
CREATE TABLE audit (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  doc_id text,
  at bigint NOT NULL,
  user_id text,
  action text NOT NULL,
  detail json NOT NULL
);
CREATE INDEX audit_doc ON audit (doc_id, seq);
`,
};
