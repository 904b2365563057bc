import type { Role } from '@ratify/schema';
import type { AuditEntry, Invite, Member, StoredToken, TokenKind, User } from './accounts.js';
import { type Int, int, intOrNull, json } from './rows.js';

/**
 * The row shapes of the account tables and their mapping to domain types, for both backends
 * (rows.ts says how their integers and JSON arrive).
 */

export interface UserRow {
  id: string;
  email: string;
  name: string;
  color: string;
  is_admin: boolean | number;
  password_hash: string | null;
  created_at: Int;
  disabled_at: Int | null;
}
export interface TokenRow {
  id: string;
  user_id: string;
  kind: TokenKind;
  name: string;
  created_at: Int;
  last_used_at: Int;
  expires_at: Int | null;
}
export interface MemberRow {
  doc_id: string;
  user_id: string;
  role: Role;
  added_at: Int;
  via_invite: string | null;
}
export interface InviteRow {
  id: string;
  doc_id: string;
  role: Role;
  created_by: string;
  created_at: Int;
  expires_at: Int;
  revoked_at: Int | null;
}
export interface AuditRow {
  seq: Int;
  doc_id: string | null;
  at: Int;
  user_id: string | null;
  action: string;
  detail: string | Record<string, unknown>;
}

export const USER_COLUMNS =
  'id, email, name, color, is_admin, password_hash, created_at, disabled_at';
export const TOKEN_COLUMNS = 'id, user_id, kind, name, created_at, last_used_at, expires_at';
export const MEMBER_COLUMNS = 'doc_id, user_id, role, added_at, via_invite';
export const INVITE_COLUMNS = 'id, doc_id, role, created_by, created_at, expires_at, revoked_at';
export const AUDIT_COLUMNS = 'seq, doc_id, at, user_id, action, detail';

export const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  color: row.color,
  isAdmin: row.is_admin === true || row.is_admin === 1,
  createdAt: int(row.created_at),
  disabledAt: intOrNull(row.disabled_at),
});
export const toToken = (row: TokenRow): StoredToken => ({
  id: row.id,
  userId: row.user_id,
  kind: row.kind,
  name: row.name,
  createdAt: int(row.created_at),
  lastUsedAt: int(row.last_used_at),
  expiresAt: intOrNull(row.expires_at),
});
export const toMember = (row: MemberRow): Member => ({
  docId: row.doc_id,
  userId: row.user_id,
  role: row.role,
  addedAt: int(row.added_at),
  viaInvite: row.via_invite,
});
export const toInvite = (row: InviteRow): Invite => ({
  id: row.id,
  docId: row.doc_id,
  role: row.role,
  createdBy: row.created_by,
  createdAt: int(row.created_at),
  expiresAt: int(row.expires_at),
  revokedAt: intOrNull(row.revoked_at),
});
export const toAudit = (row: AuditRow): AuditEntry => ({
  seq: int(row.seq),
  docId: row.doc_id,
  at: int(row.at),
  userId: row.user_id,
  action: row.action,
  detail: json<Record<string, unknown>>(row.detail),
});
