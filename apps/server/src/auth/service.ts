import { createHash } from 'node:crypto';
import { newId } from '../ids.js';
import { type AccountStore, EmailTakenError, type User } from '../storage/accounts.js';
import type { AttemptLimiter } from './attempts.js';
import { auditInstance } from './audit.js';
import {
  DEFAULT_SCRYPT_COST,
  hashPassword,
  passwordProblem,
  type ScryptCost,
  verifyPassword,
} from './password.js';
import type { Sessions } from './sessions.js';

/** A refusal with an HTTP status and a stable code; `retryAfterSec` for 429s. */
export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    readonly status: 400 | 401 | 403 | 409 | 429,
    readonly code: string,
    message: string,
    readonly retryAfterSec?: number,
  ) {
    super(message);
  }
}

const accountDisabled = () =>
  new AuthError(
    403,
    'account_disabled',
    'this account has been disabled; ask the administrator of this Ratify to enable it',
  );

/** Presence colours with enough contrast on light and dark backgrounds. */
const COLORS = [
  '#b5179e',
  '#2f6fdd',
  '#c2410c',
  '#15803d',
  '#7c3aed',
  '#0e7490',
  '#b91c1c',
  '#a16207',
];
export function colorFor(userId: string): string {
  const digest = createHash('sha256').update(userId).digest();
  return COLORS[(digest[0] ?? 0) % COLORS.length] ?? '#2f6fdd';
}

export interface AuthDeps {
  store: AccountStore;
  sessions: Sessions;
  /** Failed sign-ins per account (email) and per client address. */
  limiters: { account: AttemptLimiter; ip: AttemptLimiter };
  /** Password sign-up is off (`OIDC_ONLY=1`): accounts come from the identity provider. */
  passwordSignupDisabled: boolean;
  now?: () => number;
  /** scrypt cost for new hashes (tests use a cheaper one; stored hashes carry their own). */
  scryptCost?: ScryptCost;
}

export interface SignedIn {
  user: User;
  /** The session secret for the cookie (also usable as a bearer token). */
  secret: string;
  tokenId: string;
}

/**
 * Password accounts: sign-up, sign-in with per-account and per-address limits, password change.
 * Every outcome that matters for security is written to the instance audit trail, never with
 * the password.
 */
export class AuthService {
  private readonly now: () => number;
  private readonly cost: ScryptCost;

  constructor(private readonly deps: AuthDeps) {
    this.now = deps.now ?? Date.now;
    this.cost = deps.scryptCost ?? DEFAULT_SCRYPT_COST;
  }

  async signup(input: { email: string; password: string; name: string }): Promise<SignedIn> {
    if (this.deps.passwordSignupDisabled) {
      throw new AuthError(
        403,
        'password_signup_disabled',
        'sign up through your identity provider',
      );
    }
    const problem = passwordProblem(input.password, input);
    if (problem !== null) throw new AuthError(400, 'weak_password', problem);
    const id = newId();
    let user: User;
    try {
      user = await this.deps.store.createUser(
        {
          id,
          email: input.email,
          name: input.name,
          color: colorFor(id),
          passwordHash: await hashPassword(input.password, this.cost),
        },
        this.now(),
      );
    } catch (error) {
      if (error instanceof EmailTakenError) {
        throw new AuthError(409, 'email_taken', 'an account with this email already exists');
      }
      throw error;
    }
    await this.audit(user.id, 'signup', { email: user.email, admin: user.isAdmin });
    return this.startSession(user);
  }

  async login(input: { email: string; password: string }, ip: string): Promise<SignedIn> {
    const { account, ip: byIp } = this.deps.limiters;
    const email = input.email.toLowerCase();
    const now = this.now();
    const wait = Math.max(account.retryAfterMs(email, now), byIp.retryAfterMs(ip, now));
    if (wait > 0) {
      await this.audit(null, 'signin_limited', { email, ip });
      throw new AuthError(
        429,
        'too_many_attempts',
        'too many failed sign-ins; try again later',
        Math.ceil(wait / 1000),
      );
    }
    const found = await this.deps.store.getUserByEmail(email);
    // Hash even for unknown emails, so timing does not tell which accounts exist.
    const { N, r, p } = this.cost;
    const stored = found?.passwordHash ?? `scrypt$${N}$${r}$${p}$${UNKNOWN_SALT}$${UNKNOWN_KEY}`;
    const ok = (await verifyPassword(input.password, stored)) && found?.passwordHash != null;
    if (!ok || found === null) {
      account.recordFailure(email, now);
      byIp.recordFailure(ip, now);
      await this.audit(found?.id ?? null, 'signin_failed', { email, ip });
      throw new AuthError(401, 'invalid_credentials', 'wrong email or password');
    }
    const { passwordHash: _hash, ...user } = found;
    // Said only to someone who knows the password, so it tells nobody else the account exists.
    if (user.disabledAt !== null) {
      await this.audit(user.id, 'signin_refused', { ip, method: 'password', reason: 'disabled' });
      throw accountDisabled();
    }
    await this.audit(user.id, 'signin', { ip, method: 'password' });
    return this.startSession(user);
  }

  /**
   * Sign in someone the identity provider vouched for (a verified email): the account with that
   * email, or a new one without a password (the first of an install is the administrator).
   */
  async signInWithIdentity(identity: { email: string; name: string }): Promise<SignedIn> {
    const email = identity.email.toLowerCase();
    const found = await this.deps.store.getUserByEmail(email);
    if (found !== null) {
      const { passwordHash: _hash, ...user } = found;
      if (user.disabledAt !== null) {
        await this.audit(user.id, 'signin_refused', { method: 'oidc', reason: 'disabled' });
        throw accountDisabled();
      }
      await this.audit(user.id, 'signin', { method: 'oidc' });
      return this.startSession(user);
    }
    const id = newId();
    let user: User;
    try {
      user = await this.deps.store.createUser(
        { id, email, name: identity.name.slice(0, 80), color: colorFor(id), passwordHash: null },
        this.now(),
      );
    } catch (error) {
      // Two first sign-ins at once: the other one created it.
      if (error instanceof EmailTakenError) return this.signInWithIdentity(identity);
      throw error;
    }
    await this.audit(user.id, 'signup', { email, admin: user.isAdmin, method: 'oidc' });
    return this.startSession(user);
  }

  /** Change the password and end every other session of the account. */
  async changePassword(
    user: User,
    currentTokenId: string,
    input: { currentPassword: string; newPassword: string },
  ): Promise<{ endedTokenIds: string[] }> {
    const found = await this.deps.store.getUserByEmail(user.email);
    const ok =
      found?.passwordHash != null &&
      (await verifyPassword(input.currentPassword, found.passwordHash));
    if (!ok) throw new AuthError(401, 'invalid_credentials', 'the current password is wrong');
    const problem = passwordProblem(input.newPassword, user);
    if (problem !== null) throw new AuthError(400, 'weak_password', problem);
    await this.deps.store.updateUser(user.id, {
      passwordHash: await hashPassword(input.newPassword, this.cost),
    });
    const endedTokenIds = await this.deps.sessions.endOtherSessions(user.id, currentTokenId);
    await this.audit(user.id, 'password_changed', { endedSessions: endedTokenIds.length });
    return { endedTokenIds };
  }

  async startSession(user: User): Promise<SignedIn> {
    const { secret, token } = await this.deps.sessions.create(user.id, 'session');
    return { user, secret, tokenId: token.id };
  }

  private audit(userId: string | null, action: string, detail: Record<string, unknown>) {
    return auditInstance(this.deps.store, userId, action, detail, this.now());
  }
}

/** A well-formed hash nobody's password matches: verified against for unknown emails. */
const UNKNOWN_SALT = 'A'.repeat(22);
const UNKNOWN_KEY = 'A'.repeat(43);
