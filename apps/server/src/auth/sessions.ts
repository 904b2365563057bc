import { createHash, randomBytes } from 'node:crypto';
import { newId } from '../ids.js';
import type { AccountStore, StoredToken, TokenKind, User } from '../storage/accounts.js';

/**
 * Sign-in sessions and API tokens: random secrets handed to the client once, stored only as
 * their SHA-256, so a copy of the database opens no account. Sessions end after an idle spell and
 * at an absolute age; API tokens live until their owner revokes them.
 */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  /** Record activity at most this often per session (a write per request would be wasteful). */
  touchEveryMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 7 * 24 * 3600_000,
  absoluteMs: 30 * 24 * 3600_000,
  touchEveryMs: 60_000,
};

export const newSecret = (): string => randomBytes(32).toString('base64url');
export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret).digest('base64url');

export interface Authenticated {
  user: User;
  token: StoredToken;
}

export class Sessions {
  constructor(
    private readonly store: AccountStore,
    private readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new credential for `userId`; the secret is returned once and never stored. */
  async create(
    userId: string,
    kind: TokenKind,
    name = '',
  ): Promise<{ secret: string; token: StoredToken }> {
    const secret = newSecret();
    const createdAt = this.now();
    const token = await this.store.createToken({
      id: newId(),
      secretHash: hashSecret(secret),
      userId,
      kind,
      name,
      createdAt,
      expiresAt: kind === 'session' ? createdAt + this.policy.absoluteMs : null,
    });
    return { secret, token };
  }

  /** The user behind a secret, or null when it is unknown, expired or idle too long. */
  async authenticate(secret: string): Promise<Authenticated | null> {
    if (secret.length === 0 || secret.length > 200) return null;
    const found = await this.store.findToken(hashSecret(secret));
    // A disabled account's credentials open nothing (they are kept for when it is enabled).
    if (found === null || found.user.disabledAt !== null) return null;
    const now = this.now();
    const { token } = found;
    const expired =
      (token.expiresAt !== null && now >= token.expiresAt) ||
      (token.kind === 'session' && now >= token.lastUsedAt + this.policy.idleMs);
    if (expired) {
      await this.store.deleteToken(token.userId, token.id);
      return null;
    }
    if (now - token.lastUsedAt >= this.policy.touchEveryMs) {
      await this.store.touchToken(token.id, now);
      token.lastUsedAt = now;
    }
    return found;
  }

  /** The credential with this public id, if it still exists and has not expired. */
  async live(tokenId: string): Promise<StoredToken | null> {
    const token = await this.store.getToken(tokenId);
    if (token === null) return null;
    const now = this.now();
    if (token.expiresAt !== null && now >= token.expiresAt) return null;
    const idle = token.kind === 'session' && now >= token.lastUsedAt + this.policy.idleMs;
    return idle ? null : token;
  }

  /** End the credential behind `secret` (sign out); its id, or null if there was none. */
  async end(secret: string): Promise<StoredToken | null> {
    const found = await this.store.findToken(hashSecret(secret));
    if (found === null) return null;
    await this.store.deleteToken(found.token.userId, found.token.id);
    return found.token;
  }

  /** End every sign-in session of a user but one (password change); the ids ended. */
  endOtherSessions(userId: string, keepTokenId?: string): Promise<string[]> {
    return this.store.deleteUserTokens(userId, {
      kind: 'session',
      ...(keepTokenId !== undefined ? { exceptId: keepTokenId } : {}),
    });
  }
}
