import type { Role } from '@ratify/schema';
import type Database from 'better-sqlite3';
import {
  type AccountStore,
  type AuditEntry,
  EmailTakenError,
  type Invite,
  type Member,
  type MemberChangeResult,
  type MemberWithUser,
  type NewUser,
  type StoredToken,
  type TokenKind,
  type User,
  type UserWithSecret,
} from './accounts.js';
import {
  type AuditRow,
  INVITE_COLUMNS,
  type InviteRow,
  type MemberRow,
  TOKEN_COLUMNS,
  type TokenRow,
  toAudit,
  toInvite,
  toMember,
  toToken,
  toUser,
  USER_COLUMNS,
  type UserRow,
} from './accounts-rows.js';
import { ACCOUNTS_SCHEMA } from './sqlite-accounts-rows.js';
import { withStatementCache } from './statement-cache.js';

/** AccountStore on the same SQLite database as the documents (its own tables). */
export class SqliteAccountStore implements AccountStore {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = withStatementCache(db);
    db.exec(ACCOUNTS_SCHEMA);
    // Data folders made before accounts could be disabled get the column in place.
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(users)').all();
    if (!columns.some((column) => column.name === 'disabled_at')) {
      db.exec('ALTER TABLE users ADD COLUMN disabled_at INTEGER');
    }
  }

  async createUser(input: NewUser, now: number): Promise<User> {
    const email = input.email.toLowerCase();
    return this.db
      .transaction(() => {
        if (this.db.prepare('SELECT 1 FROM users WHERE email = ?').get(email) !== undefined) {
          throw new EmailTakenError(email);
        }
        const first = this.db.prepare('SELECT 1 FROM users LIMIT 1').get() === undefined;
        this.db
          .prepare(
            'INSERT INTO users (id, email, name, color, is_admin, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(input.id, email, input.name, input.color, first ? 1 : 0, input.passwordHash, now);
        return {
          id: input.id,
          email,
          name: input.name,
          color: input.color,
          isAdmin: first,
          createdAt: now,
          disabledAt: null,
        };
      })
      .immediate();
  }

  async getUser(id: string): Promise<User | null> {
    const row = this.db
      .prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`)
      .get(id);
    return row === undefined ? null : toUser(row);
  }

  async getUserByEmail(email: string): Promise<UserWithSecret | null> {
    const row = this.db
      .prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`)
      .get(email.toLowerCase());
    return row === undefined ? null : { ...toUser(row), passwordHash: row.password_hash };
  }

  async listUsers(): Promise<User[]> {
    return this.db
      .prepare<[], UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, id`)
      .all()
      .map(toUser);
  }

  async countUsers(): Promise<number> {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users').get()?.n ?? 0;
  }

  async updateUser(
    id: string,
    change: Partial<
      Pick<UserWithSecret, 'name' | 'color' | 'passwordHash' | 'isAdmin' | 'disabledAt'>
    >,
  ): Promise<User | null> {
    const columns: Record<string, string | number | null | undefined> = {
      name: change.name,
      color: change.color,
      password_hash: change.passwordHash,
      is_admin: change.isAdmin === undefined ? undefined : change.isAdmin ? 1 : 0,
      disabled_at: change.disabledAt,
    };
    const sets: string[] = [];
    const values: (string | number | null)[] = [];
    for (const [column, value] of Object.entries(columns)) {
      if (value === undefined) continue;
      sets.push(`${column} = ?`);
      values.push(value);
    }
    if (sets.length > 0) {
      this.db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    }
    return this.getUser(id);
  }

  async createToken(
    input: Omit<StoredToken, 'lastUsedAt'> & { secretHash: string },
  ): Promise<StoredToken> {
    this.db
      .prepare(
        'INSERT INTO tokens (id, secret_hash, user_id, kind, name, created_at, last_used_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        input.id,
        input.secretHash,
        input.userId,
        input.kind,
        input.name,
        input.createdAt,
        input.createdAt,
        input.expiresAt,
      );
    const { secretHash: _secret, ...token } = input;
    return { ...token, lastUsedAt: input.createdAt };
  }

  async findToken(secretHash: string): Promise<{ token: StoredToken; user: User } | null> {
    // One query on every authenticated request: the token and its user together.
    const row = this.db
      .prepare<
        [string],
        TokenRow & {
          u_email: string;
          u_name: string;
          u_color: string;
          u_is_admin: number;
          u_created_at: number;
          u_disabled_at: number | null;
        }
      >(
        `SELECT t.id, t.user_id, t.kind, t.name, t.created_at, t.last_used_at, t.expires_at,
                u.email AS u_email, u.name AS u_name, u.color AS u_color,
                u.is_admin AS u_is_admin, u.created_at AS u_created_at,
                u.disabled_at AS u_disabled_at
         FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.secret_hash = ?`,
      )
      .get(secretHash);
    if (row === undefined) return null;
    const user: User = {
      id: row.user_id,
      email: row.u_email,
      name: row.u_name,
      color: row.u_color,
      isAdmin: row.u_is_admin === 1,
      createdAt: row.u_created_at,
      disabledAt: row.u_disabled_at,
    };
    return { token: toToken(row), user };
  }

  async touchToken(id: string, now: number): Promise<void> {
    this.db
      .prepare('UPDATE tokens SET last_used_at = max(last_used_at, ?) WHERE id = ?')
      .run(now, id);
  }

  async liveCredentials(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = this.db
      .prepare<[string], { id: string }>(
        `SELECT t.id FROM tokens t JOIN users u ON u.id = t.user_id
         WHERE u.disabled_at IS NULL AND t.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids));
    return new Set(rows.map((row) => row.id));
  }

  async getToken(id: string): Promise<StoredToken | null> {
    const row = this.db
      .prepare<[string], TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE id = ?`)
      .get(id);
    return row === undefined ? null : toToken(row);
  }

  async listTokens(userId: string, kind: TokenKind): Promise<StoredToken[]> {
    return this.db
      .prepare<[string, TokenKind], TokenRow>(
        `SELECT ${TOKEN_COLUMNS} FROM tokens WHERE user_id = ? AND kind = ? ORDER BY created_at, id`,
      )
      .all(userId, kind)
      .map(toToken);
  }

  async deleteToken(userId: string, id: string): Promise<boolean> {
    return (
      this.db.prepare('DELETE FROM tokens WHERE user_id = ? AND id = ?').run(userId, id).changes > 0
    );
  }

  async deleteUserTokens(
    userId: string,
    options: { kind?: TokenKind; exceptId?: string } = {},
  ): Promise<string[]> {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare<[string], { id: string; kind: TokenKind }>(
          'SELECT id, kind FROM tokens WHERE user_id = ?',
        )
        .all(userId)
        .filter(
          (t) =>
            (options.kind === undefined || t.kind === options.kind) && t.id !== options.exceptId,
        );
      const remove = this.db.prepare('DELETE FROM tokens WHERE id = ?');
      for (const t of rows) remove.run(t.id);
      return rows.map((t) => t.id);
    })();
  }

  async deleteExpiredTokens(now: number): Promise<number> {
    return this.db
      .prepare('DELETE FROM tokens WHERE expires_at IS NOT NULL AND expires_at <= ?')
      .run(now).changes;
  }

  async getRole(docId: string, userId: string): Promise<Role | null> {
    return (
      this.db
        .prepare<[string, string], { role: Role }>(
          'SELECT role FROM members WHERE doc_id = ? AND user_id = ?',
        )
        .get(docId, userId)?.role ?? null
    );
  }

  async setMember(
    docId: string,
    userId: string,
    role: Role,
    now: number,
    viaInvite: string | null = null,
  ): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO members (doc_id, user_id, role, added_at, via_invite) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (doc_id, user_id) DO UPDATE SET role = excluded.role, via_invite = excluded.via_invite`,
      )
      .run(docId, userId, role, now, viaInvite);
  }

  async removeInviteMembers(docId: string, inviteId: string): Promise<string[]> {
    return this.db
      .prepare<[string, string], { user_id: string }>(
        'DELETE FROM members WHERE doc_id = ? AND via_invite = ? RETURNING user_id',
      )
      .all(docId, inviteId)
      .map((r) => r.user_id);
  }

  async removeMember(docId: string, userId: string): Promise<boolean> {
    return (
      this.db.prepare('DELETE FROM members WHERE doc_id = ? AND user_id = ?').run(docId, userId)
        .changes > 0
    );
  }

  async changeMember(
    docId: string,
    userId: string,
    change: { role: Role } | { remove: true },
    refuse: (currentRole: Role, ownerCount: number) => string | null,
  ): Promise<MemberChangeResult> {
    // One synchronous transaction: nothing else runs between the read and the write.
    return this.db.transaction((): MemberChangeResult => {
      const rows = this.db
        .prepare<[string], { user_id: string; role: Role }>(
          'SELECT user_id, role FROM members WHERE doc_id = ?',
        )
        .all(docId);
      const current = rows.find((r) => r.user_id === userId)?.role;
      if (current === undefined) return { kind: 'not_member' };
      const problem = refuse(current, rows.filter((r) => r.role === 'owner').length);
      if (problem !== null) return { kind: 'refused', problem };
      if ('remove' in change) {
        this.db.prepare('DELETE FROM members WHERE doc_id = ? AND user_id = ?').run(docId, userId);
      } else {
        this.db
          .prepare(
            'UPDATE members SET role = ?, via_invite = NULL WHERE doc_id = ? AND user_id = ?',
          )
          .run(change.role, docId, userId);
      }
      return { kind: 'changed', previous: current };
    })();
  }

  async listMembers(docId: string): Promise<MemberWithUser[]> {
    return this.db
      .prepare<[string], MemberRow & { email: string; name: string; color: string }>(
        `SELECT m.doc_id, m.user_id, m.role, m.added_at, m.via_invite, u.email, u.name, u.color
         FROM members m JOIN users u ON u.id = m.user_id WHERE m.doc_id = ? ORDER BY m.added_at, u.email`,
      )
      .all(docId)
      .map((r) => ({ ...toMember(r), email: r.email, name: r.name, color: r.color }));
  }

  async listMemberships(userId: string): Promise<Member[]> {
    return this.db
      .prepare<[string], MemberRow>(
        'SELECT doc_id, user_id, role, added_at, via_invite FROM members WHERE user_id = ? ORDER BY doc_id',
      )
      .all(userId)
      .map(toMember);
  }

  async deleteDocAccess(docId: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM members WHERE doc_id = ?').run(docId);
      this.db.prepare('DELETE FROM invites WHERE doc_id = ?').run(docId);
    })();
  }

  async createInvite(input: Omit<Invite, 'revokedAt'> & { secretHash: string }): Promise<Invite> {
    this.db
      .prepare(
        'INSERT INTO invites (id, secret_hash, doc_id, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        input.id,
        input.secretHash,
        input.docId,
        input.role,
        input.createdBy,
        input.createdAt,
        input.expiresAt,
      );
    const { secretHash: _secret, ...invite } = input;
    return { ...invite, revokedAt: null };
  }

  async findInvite(secretHash: string): Promise<Invite | null> {
    const row = this.db
      .prepare<[string], InviteRow>(`SELECT ${INVITE_COLUMNS} FROM invites WHERE secret_hash = ?`)
      .get(secretHash);
    return row === undefined ? null : toInvite(row);
  }

  async listInvites(docId: string): Promise<Invite[]> {
    return this.db
      .prepare<[string], InviteRow>(
        `SELECT ${INVITE_COLUMNS} FROM invites WHERE doc_id = ? ORDER BY created_at, id`,
      )
      .all(docId)
      .map(toInvite);
  }

  async revokeInvite(docId: string, id: string, now: number): Promise<boolean> {
    return (
      this.db
        .prepare(
          'UPDATE invites SET revoked_at = ? WHERE doc_id = ? AND id = ? AND revoked_at IS NULL',
        )
        .run(now, docId, id).changes > 0
    );
  }

  async appendAudit(entry: Omit<AuditEntry, 'seq'>): Promise<void> {
    await this.appendAuditMany([entry]);
  }

  async appendAuditMany(entries: Omit<AuditEntry, 'seq'>[]): Promise<void> {
    const insert = this.db.prepare(
      'INSERT INTO audit (doc_id, at, user_id, action, detail) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const e of entries) {
        insert.run(e.docId, e.at, e.userId, e.action, JSON.stringify(e.detail));
      }
    })();
  }

  async listAudit(
    docId: string | null,
    page: { limit: number; before?: number; actions?: string[] },
  ): Promise<AuditEntry[]> {
    const where = [docId === null ? 'doc_id IS NULL' : 'doc_id = ?'];
    const values: (string | number)[] = docId === null ? [] : [docId];
    if (page.before !== undefined) {
      where.push('seq < ?');
      values.push(page.before);
    }
    if (page.actions !== undefined && page.actions.length > 0) {
      where.push(`action IN (${page.actions.map(() => '?').join(', ')})`);
      values.push(...page.actions);
    }
    values.push(page.limit);
    return this.db
      .prepare<(string | number)[], AuditRow>(
        `SELECT seq, doc_id, at, user_id, action, detail FROM audit WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`,
      )
      .all(...values)
      .map(toAudit);
  }
}
