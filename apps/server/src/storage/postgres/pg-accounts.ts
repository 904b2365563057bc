import type { Role } from '@ratify/schema';
import type pg from 'pg';
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
} from '../accounts.js';
import {
  AUDIT_COLUMNS,
  type AuditRow,
  INVITE_COLUMNS,
  type InviteRow,
  MEMBER_COLUMNS,
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
} from '../accounts-rows.js';
import { inTransaction } from './pool.js';

/**
 * PostgreSQL backend of `AccountStore`, on the pool every PostgreSQL store shares (its tables are
 * created by schema/accounts.ts). Several instances may use the same database at once: what the
 * SQLite store decides inside one transaction is decided here inside one transaction under a
 * lock, or by a single statement. Text is ordered with `COLLATE "C"` (byte order, as SQLite's
 * BINARY), so listings come out the same whatever the database's locale.
 */
export class PgAccountStore implements AccountStore {
  constructor(readonly pool: pg.Pool) {}

  async createUser(input: NewUser, now: number): Promise<User> {
    const email = input.email.toLowerCase();
    const row = await inTransaction(this.pool, async (client) => {
      // Sign-ups take turns (per schema, across instances), so "is this the first account?" is
      // answered by a statement that sees every sign-up committed before it.
      await client.query(
        `SELECT pg_advisory_xact_lock(hashtext('ratify-create-user:' || current_schema()))`,
      );
      const inserted = await client.query<{ is_admin: boolean }>(
        `INSERT INTO users (id, email, name, color, is_admin, password_hash, created_at)
         SELECT $1, $2, $3, $4, NOT EXISTS (SELECT 1 FROM users), $5, $6
         ON CONFLICT ON CONSTRAINT users_email_unique DO NOTHING
         RETURNING is_admin`,
        [input.id, email, input.name, input.color, input.passwordHash, now],
      );
      return inserted.rows[0];
    });
    if (row === undefined) throw new EmailTakenError(email);
    return {
      id: input.id,
      email,
      name: input.name,
      color: input.color,
      isAdmin: row.is_admin,
      createdAt: now,
      disabledAt: null,
    };
  }

  async getUser(id: string): Promise<User | null> {
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`,
      [id],
    );
    return rows[0] === undefined ? null : toUser(rows[0]);
  }

  async getUserByEmail(email: string): Promise<UserWithSecret | null> {
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE email = $1`,
      [email.toLowerCase()],
    );
    const row = rows[0];
    return row === undefined ? null : { ...toUser(row), passwordHash: row.password_hash };
  }

  async listUsers(): Promise<User[]> {
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, id COLLATE "C"`,
    );
    return rows.map(toUser);
  }

  async countUsers(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM users');
    return Number(rows[0]?.n ?? 0);
  }

  async updateUser(
    id: string,
    change: Partial<
      Pick<UserWithSecret, 'name' | 'color' | 'passwordHash' | 'isAdmin' | 'disabledAt'>
    >,
  ): Promise<User | null> {
    const columns: Record<string, string | number | boolean | null | undefined> = {
      name: change.name,
      color: change.color,
      password_hash: change.passwordHash,
      is_admin: change.isAdmin,
      disabled_at: change.disabledAt,
    };
    const sets: string[] = [];
    const values: (string | number | boolean | null)[] = [id];
    for (const [column, value] of Object.entries(columns)) {
      if (value === undefined) continue;
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    }
    if (sets.length === 0) return this.getUser(id);
    // One statement: the row returned is the one this change wrote.
    const { rows } = await this.pool.query<UserRow>(
      `UPDATE users SET ${sets.join(', ')} WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      values,
    );
    return rows[0] === undefined ? null : toUser(rows[0]);
  }

  async createToken(
    input: Omit<StoredToken, 'lastUsedAt'> & { secretHash: string },
  ): Promise<StoredToken> {
    await this.pool.query(
      `INSERT INTO tokens (id, secret_hash, user_id, kind, name, created_at, last_used_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`,
      [
        input.id,
        input.secretHash,
        input.userId,
        input.kind,
        input.name,
        input.createdAt,
        input.expiresAt,
      ],
    );
    const { secretHash: _secret, ...token } = input;
    return { ...token, lastUsedAt: input.createdAt };
  }

  async findToken(secretHash: string): Promise<{ token: StoredToken; user: User } | null> {
    // One query on every authenticated request: the token and its user together.
    const { rows } = await this.pool.query<
      TokenRow & {
        u_email: string;
        u_name: string;
        u_color: string;
        u_is_admin: boolean;
        u_created_at: string;
        u_disabled_at: string | null;
      }
    >(
      `SELECT t.id, t.user_id, t.kind, t.name, t.created_at, t.last_used_at, t.expires_at,
              u.email AS u_email, u.name AS u_name, u.color AS u_color,
              u.is_admin AS u_is_admin, u.created_at AS u_created_at,
              u.disabled_at AS u_disabled_at
       FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.secret_hash = $1`,
      [secretHash],
    );
    const row = rows[0];
    if (row === undefined) return null;
    const user: User = {
      id: row.user_id,
      email: row.u_email,
      name: row.u_name,
      color: row.u_color,
      isAdmin: row.u_is_admin,
      createdAt: Number(row.u_created_at),
      disabledAt: row.u_disabled_at === null ? null : Number(row.u_disabled_at),
    };
    return { token: toToken(row), user };
  }

  async liveCredentials(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT t.id FROM tokens t JOIN users u ON u.id = t.user_id
       WHERE u.disabled_at IS NULL AND t.id = ANY($1::text[])`,
      [ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  async touchToken(id: string, now: number): Promise<void> {
    // Never backwards, whichever instance's touch lands last.
    await this.pool.query(
      'UPDATE tokens SET last_used_at = $2 WHERE id = $1 AND last_used_at < $2',
      [id, now],
    );
  }

  async getToken(id: string): Promise<StoredToken | null> {
    const { rows } = await this.pool.query<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM tokens WHERE id = $1`,
      [id],
    );
    return rows[0] === undefined ? null : toToken(rows[0]);
  }

  async listTokens(userId: string, kind: TokenKind): Promise<StoredToken[]> {
    const { rows } = await this.pool.query<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM tokens WHERE user_id = $1 AND kind = $2
       ORDER BY created_at, id COLLATE "C"`,
      [userId, kind],
    );
    return rows.map(toToken);
  }

  async deleteToken(userId: string, id: string): Promise<boolean> {
    const deleted = await this.pool.query('DELETE FROM tokens WHERE user_id = $1 AND id = $2', [
      userId,
      id,
    ]);
    return (deleted.rowCount ?? 0) > 0;
  }

  async deleteUserTokens(
    userId: string,
    options: { kind?: TokenKind; exceptId?: string } = {},
  ): Promise<string[]> {
    // One statement: the ids returned are exactly the rows it deleted.
    const { rows } = await this.pool.query<{ id: string }>(
      `DELETE FROM tokens
       WHERE user_id = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR id <> $3)
       RETURNING id`,
      [userId, options.kind ?? null, options.exceptId ?? null],
    );
    return rows.map((r) => r.id);
  }

  async deleteExpiredTokens(now: number): Promise<number> {
    const deleted = await this.pool.query(
      'DELETE FROM tokens WHERE expires_at IS NOT NULL AND expires_at <= $1',
      [now],
    );
    return deleted.rowCount ?? 0;
  }

  async getRole(docId: string, userId: string): Promise<Role | null> {
    const { rows } = await this.pool.query<{ role: Role }>(
      'SELECT role FROM members WHERE doc_id = $1 AND user_id = $2',
      [docId, userId],
    );
    return rows[0]?.role ?? null;
  }

  async setMember(
    docId: string,
    userId: string,
    role: Role,
    now: number,
    viaInvite: string | null = null,
  ): Promise<void> {
    await this.pool.query(
      `INSERT INTO members (doc_id, user_id, role, added_at, via_invite) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (doc_id, user_id) DO UPDATE SET role = excluded.role, via_invite = excluded.via_invite`,
      [docId, userId, role, now, viaInvite],
    );
  }

  async removeInviteMembers(docId: string, inviteId: string): Promise<string[]> {
    // A membership an owner makes explicit meanwhile (via_invite set to null) is re-checked
    // under its row lock and stays.
    const { rows } = await this.pool.query<{ user_id: string }>(
      'DELETE FROM members WHERE doc_id = $1 AND via_invite = $2 RETURNING user_id',
      [docId, inviteId],
    );
    return rows.map((r) => r.user_id);
  }

  async removeMember(docId: string, userId: string): Promise<boolean> {
    const deleted = await this.pool.query(
      'DELETE FROM members WHERE doc_id = $1 AND user_id = $2',
      [docId, userId],
    );
    return (deleted.rowCount ?? 0) > 0;
  }

  async changeMember(
    docId: string,
    userId: string,
    change: { role: Role } | { remove: true },
    refuse: (currentRole: Role, ownerCount: number) => string | null,
  ): Promise<MemberChangeResult> {
    return inTransaction(this.pool, async (client) => {
      // Every change to this document's owners waits here for the one before it.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ratify-members:${docId}`]);
      const { rows } = await client.query<{ user_id: string; role: Role }>(
        'SELECT user_id, role FROM members WHERE doc_id = $1',
        [docId],
      );
      const current = rows.find((r) => r.user_id === userId)?.role;
      if (current === undefined) return { kind: 'not_member' } as const;
      const problem = refuse(current, rows.filter((r) => r.role === 'owner').length);
      if (problem !== null) return { kind: 'refused', problem } as const;
      if ('remove' in change) {
        await client.query('DELETE FROM members WHERE doc_id = $1 AND user_id = $2', [
          docId,
          userId,
        ]);
      } else {
        await client.query(
          'UPDATE members SET role = $3, via_invite = NULL WHERE doc_id = $1 AND user_id = $2',
          [docId, userId, change.role],
        );
      }
      return { kind: 'changed', previous: current } as const;
    });
  }

  async listMembers(docId: string): Promise<MemberWithUser[]> {
    const { rows } = await this.pool.query<
      MemberRow & { email: string; name: string; color: string }
    >(
      `SELECT m.doc_id, m.user_id, m.role, m.added_at, m.via_invite, u.email, u.name, u.color
       FROM members m JOIN users u ON u.id = m.user_id
       WHERE m.doc_id = $1 ORDER BY m.added_at, u.email COLLATE "C"`,
      [docId],
    );
    return rows.map((r) => ({ ...toMember(r), email: r.email, name: r.name, color: r.color }));
  }

  async listMemberships(userId: string): Promise<Member[]> {
    const { rows } = await this.pool.query<MemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM members WHERE user_id = $1 ORDER BY doc_id COLLATE "C"`,
      [userId],
    );
    return rows.map(toMember);
  }

  async deleteDocAccess(docId: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM members WHERE doc_id = $1', [docId]);
      await client.query('DELETE FROM invites WHERE doc_id = $1', [docId]);
    });
  }

  async createInvite(input: Omit<Invite, 'revokedAt'> & { secretHash: string }): Promise<Invite> {
    await this.pool.query(
      `INSERT INTO invites (id, secret_hash, doc_id, role, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        input.id,
        input.secretHash,
        input.docId,
        input.role,
        input.createdBy,
        input.createdAt,
        input.expiresAt,
      ],
    );
    const { secretHash: _secret, ...invite } = input;
    return { ...invite, revokedAt: null };
  }

  async findInvite(secretHash: string): Promise<Invite | null> {
    const { rows } = await this.pool.query<InviteRow>(
      `SELECT ${INVITE_COLUMNS} FROM invites WHERE secret_hash = $1`,
      [secretHash],
    );
    return rows[0] === undefined ? null : toInvite(rows[0]);
  }

  async listInvites(docId: string): Promise<Invite[]> {
    const { rows } = await this.pool.query<InviteRow>(
      `SELECT ${INVITE_COLUMNS} FROM invites WHERE doc_id = $1 ORDER BY created_at, id COLLATE "C"`,
      [docId],
    );
    return rows.map(toInvite);
  }

  async revokeInvite(docId: string, id: string, now: number): Promise<boolean> {
    // Under the row lock: of two instances revoking at once, one sees it already revoked.
    const updated = await this.pool.query(
      'UPDATE invites SET revoked_at = $3 WHERE doc_id = $1 AND id = $2 AND revoked_at IS NULL',
      [docId, id, now],
    );
    return (updated.rowCount ?? 0) > 0;
  }

  async appendAudit(entry: Omit<AuditEntry, 'seq'>): Promise<void> {
    await this.appendAuditMany([entry]);
  }

  async appendAuditMany(entries: Omit<AuditEntry, 'seq'>[]): Promise<void> {
    if (entries.length === 0) return;
    // One statement, all or none; rows are numbered in the order given (the identity is drawn
    // as the sorted rows are inserted).
    await this.pool.query(
      `INSERT INTO audit (doc_id, at, user_id, action, detail)
       SELECT e.doc_id, e.at, e.user_id, e.action, e.detail::json
       FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[])
            WITH ORDINALITY AS e(doc_id, at, user_id, action, detail, ord)
       ORDER BY e.ord`,
      [
        entries.map((e) => e.docId),
        entries.map((e) => e.at),
        entries.map((e) => e.userId),
        entries.map((e) => e.action),
        entries.map((e) => JSON.stringify(e.detail)),
      ],
    );
  }

  async listAudit(
    docId: string | null,
    page: { limit: number; before?: number; actions?: string[] },
  ): Promise<AuditEntry[]> {
    const values: (string | number | string[])[] = [];
    const where: string[] = [];
    if (docId === null) {
      where.push('doc_id IS NULL');
    } else {
      values.push(docId);
      where.push(`doc_id = $${values.length}`);
    }
    if (page.before !== undefined) {
      values.push(page.before);
      where.push(`seq < $${values.length}`);
    }
    if (page.actions !== undefined && page.actions.length > 0) {
      values.push(page.actions);
      where.push(`action = ANY($${values.length}::text[])`);
    }
    values.push(page.limit);
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit WHERE ${where.join(' AND ')}
       ORDER BY seq DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map(toAudit);
  }
}
