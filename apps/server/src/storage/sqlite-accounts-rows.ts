import type { Role } from '@ratify/schema';
import type { AuditEntry, Invite, Member, StoredToken, TokenKind, User } from './accounts.js';

/** The SQLite tables behind SqliteAccountStore, their row shapes and the mapping to domain types. */
export const ACCOUNTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  color TEXT NOT NULL,
  is_admin INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT,
  created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('session', 'api')),
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  expires_at INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS tokens_user ON tokens(user_id, kind);
CREATE TABLE IF NOT EXISTS members (
  doc_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
  added_at INTEGER NOT NULL,
  via_invite TEXT,
  PRIMARY KEY (doc_id, user_id)
) STRICT;
CREATE INDEX IF NOT EXISTS members_user ON members(user_id);
CREATE TABLE IF NOT EXISTS invites (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL UNIQUE,
  doc_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS invites_doc ON invites(doc_id);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  doc_id TEXT,
  at INTEGER NOT NULL,
  user_id TEXT,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS audit_doc ON audit(doc_id, seq);
`;

export interface UserRow {
  id: string;
  email: string;
  name: string;
  color: string;
  is_admin: number;
  password_hash: string | null;
  created_at: number;
}
export interface TokenRow {
  id: string;
  user_id: string;
  kind: TokenKind;
  name: string;
  created_at: number;
  last_used_at: number;
  expires_at: number | null;
}
export interface MemberRow {
  doc_id: string;
  user_id: string;
  role: Role;
  added_at: number;
  via_invite: string | null;
}
export interface InviteRow {
  id: string;
  doc_id: string;
  role: Role;
  created_by: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}
export interface AuditRow {
  seq: number;
  doc_id: string | null;
  at: number;
  user_id: string | null;
  action: string;
  detail: string;
}

export const USER_COLUMNS = 'id, email, name, color, is_admin, password_hash, created_at';
export const TOKEN_COLUMNS = 'id, user_id, kind, name, created_at, last_used_at, expires_at';
export const INVITE_COLUMNS = 'id, doc_id, role, created_by, created_at, expires_at, revoked_at';

export const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  color: row.color,
  isAdmin: row.is_admin === 1,
  createdAt: row.created_at,
});
export const toToken = (row: TokenRow): StoredToken => ({
  id: row.id,
  userId: row.user_id,
  kind: row.kind,
  name: row.name,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  expiresAt: row.expires_at,
});
export const toMember = (row: MemberRow): Member => ({
  docId: row.doc_id,
  userId: row.user_id,
  role: row.role,
  addedAt: row.added_at,
  viaInvite: row.via_invite,
});
export const toInvite = (row: InviteRow): Invite => ({
  id: row.id,
  docId: row.doc_id,
  role: row.role,
  createdBy: row.created_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});
export const toAudit = (row: AuditRow): AuditEntry => ({
  seq: row.seq,
  docId: row.doc_id,
  at: row.at,
  userId: row.user_id,
  action: row.action,
  detail: JSON.parse(row.detail) as Record<string, unknown>,
});

/** AccountStore on the same SQLite database as the documents (its own tables). */
