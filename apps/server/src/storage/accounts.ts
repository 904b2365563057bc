import type { Role } from '@ratify/schema';

/**
 * Accounts, credentials, document membership, share links and the audit trail: everything the
 * server stores about who may do what. A backend implements this beside `Storage` (SQLite now,
 * PostgreSQL later) and passes `registerAccountsContractTests`. Secrets are stored only as hashes:
 * the store never sees a password or a token in the clear.
 */

export interface User {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  /** A CSS colour for presence, chosen at sign-up. */
  color: string;
  /** The instance administrator (the first account): manages users, sees every document. */
  isAdmin: boolean;
  createdAt: number;
  /**
   * When an administrator disabled the account (ms since the epoch), or null. A disabled account
   * cannot sign in, and none of its credentials opens anything until it is enabled again.
   */
  disabledAt: number | null;
}

export interface UserWithSecret extends User {
  /** scrypt hash (see auth/password.ts), or null for accounts that sign in through OIDC only. */
  passwordHash: string | null;
}

export type TokenKind = 'session' | 'api';

export interface StoredToken {
  /** Public id (safe to show and to name in a revoke call). */
  id: string;
  userId: string;
  kind: TokenKind;
  /** For API tokens: the owner's label. */
  name: string;
  createdAt: number;
  lastUsedAt: number;
  /** Absolute expiry (ms since the epoch), or null for API tokens that never expire. */
  expiresAt: number | null;
}

export interface Member {
  docId: string;
  userId: string;
  role: Role;
  addedAt: number;
  /**
   * The share link this membership came from, while it is only that: revoking the link removes
   * it. An owner's explicit change (add, role change) makes it a membership of its own (null).
   */
  viaInvite: string | null;
}

export interface MemberWithUser extends Member {
  email: string;
  name: string;
  color: string;
}

export interface Invite {
  id: string;
  docId: string;
  role: Role;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface AuditEntry {
  /** Increasing; a page's `before` cursor. */
  seq: number;
  /** null for instance-wide events (sign-ins). */
  docId: string | null;
  at: number;
  /** The acting user, or null (a failed sign-in for an unknown email). */
  userId: string | null;
  action: string;
  /** Free-form details (JSON-serialisable, no secrets). */
  detail: Record<string, unknown>;
}

export interface NewUser {
  id: string;
  email: string;
  name: string;
  color: string;
  passwordHash: string | null;
}

export interface AccountStore {
  /**
   * Create an account. The first account of an install becomes the administrator, decided in the
   * same transaction so two concurrent first sign-ups cannot both win. Rejects with
   * EmailTakenError.
   */
  createUser(input: NewUser, now: number): Promise<User>;
  getUser(id: string): Promise<User | null>;
  /** With the password hash, for sign-in only. `email` is matched case-insensitively. */
  getUserByEmail(email: string): Promise<UserWithSecret | null>;
  listUsers(): Promise<User[]>;
  countUsers(): Promise<number>;
  updateUser(
    id: string,
    change: Partial<
      Pick<UserWithSecret, 'name' | 'color' | 'passwordHash' | 'isAdmin' | 'disabledAt'>
    >,
  ): Promise<User | null>;

  /** Store a credential by the hash of its secret. */
  createToken(
    input: Omit<StoredToken, 'lastUsedAt'> & { secretHash: string },
  ): Promise<StoredToken>;
  /** The credential and its user for a secret's hash (expired ones included: the caller decides). */
  findToken(secretHash: string): Promise<{ token: StoredToken; user: User } | null>;
  /** A credential by its public id (to check that one a document token names still exists). */
  getToken(id: string): Promise<StoredToken | null>;
  touchToken(id: string, now: number): Promise<void>;
  /**
   * Of these credential ids, the ones that still exist and whose account is not disabled (what
   * the periodic check of open connections asks). Expiry is not considered: the caller knows it.
   */
  liveCredentials(ids: readonly string[]): Promise<Set<string>>;
  listTokens(userId: string, kind: TokenKind): Promise<StoredToken[]>;
  /** Delete one of `userId`'s tokens; false if there is no such token of theirs. */
  deleteToken(userId: string, id: string): Promise<boolean>;
  /** Delete every token of `userId` (optionally of one kind, sparing one id); their ids. */
  deleteUserTokens(
    userId: string,
    options?: { kind?: TokenKind; exceptId?: string },
  ): Promise<string[]>;
  /** Delete tokens whose absolute expiry has passed; how many. */
  deleteExpiredTokens(now: number): Promise<number>;

  getRole(docId: string, userId: string): Promise<Role | null>;
  /**
   * Add or change a member (keeping its first `addedAt`). `viaInvite` names the share link the
   * membership comes from; null (the default) for an owner's explicit choice.
   */
  setMember(
    docId: string,
    userId: string,
    role: Role,
    now: number,
    viaInvite?: string | null,
  ): Promise<void>;
  removeMember(docId: string, userId: string): Promise<boolean>;
  /**
   * Change an existing member's role (an owner's explicit choice: no longer via a share link) or
   * remove them, unless `refuse(currentRole, ownerCount)` names a problem. The roles are read
   * and written in one step that serializes every change to the document's owners (across
   * instances), so two owners demoting each other at once cannot leave the document ownerless.
   */
  changeMember(
    docId: string,
    userId: string,
    change: { role: Role } | { remove: true },
    refuse: (currentRole: Role, ownerCount: number) => string | null,
  ): Promise<MemberChangeResult>;
  /** Remove the memberships that exist only through share link `inviteId`; their user ids. */
  removeInviteMembers(docId: string, inviteId: string): Promise<string[]>;
  listMembers(docId: string): Promise<MemberWithUser[]>;
  /** Every document `userId` is a member of, with the role. */
  listMemberships(userId: string): Promise<Member[]>;
  /** Forget a deleted document's members and share links (its audit trail stays). */
  deleteDocAccess(docId: string): Promise<void>;

  createInvite(input: Omit<Invite, 'revokedAt'> & { secretHash: string }): Promise<Invite>;
  findInvite(secretHash: string): Promise<Invite | null>;
  listInvites(docId: string): Promise<Invite[]>;
  /** Mark a share link revoked; false if it is not one of `docId`'s or already revoked. */
  revokeInvite(docId: string, id: string, now: number): Promise<boolean>;

  appendAudit(entry: Omit<AuditEntry, 'seq'>): Promise<void>;
  /** Several entries in one write, in order, all or none (joins of a crowd arriving at once). */
  appendAuditMany(entries: Omit<AuditEntry, 'seq'>[]): Promise<void>;
  /** Newest first; at most `limit`, older than `before` when given. */
  listAudit(
    docId: string | null,
    page: { limit: number; before?: number; actions?: string[] },
  ): Promise<AuditEntry[]>;
}

export class EmailTakenError extends Error {
  override name = 'EmailTakenError';
  constructor(readonly email: string) {
    super(`an account with ${email} already exists`);
  }
}

export type MemberChangeResult =
  | { kind: 'changed'; previous: Role }
  | { kind: 'not_member' }
  | { kind: 'refused'; problem: string };
