import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteAccountStore } from '../storage/sqlite-accounts.js';
import { AttemptLimiter } from './attempts.js';
import { AuthError, AuthService } from './service.js';
import { Sessions } from './sessions.js';

let dir = '';
let db: Database.Database;
let store: SqliteAccountStore;
let clock = 0;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ratify-auth-'));
  db = new Database(path.join(dir, 'ratify.db'));
  store = new SqliteAccountStore(db);
  clock = 1_000_000;
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

function service(passwordSignupDisabled = false) {
  const now = () => clock;
  return new AuthService({
    store,
    sessions: new Sessions(store, undefined, now),
    limiters: {
      account: new AttemptLimiter({ limit: 10, windowMs: 60_000 }),
      ip: new AttemptLimiter({ limit: 50, windowMs: 60_000 }),
    },
    passwordSignupDisabled,
    now,
    scryptCost: { N: 1024, r: 8, p: 1 },
  });
}

async function refusal(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

const ada = { email: 'Ada@Example.org', password: 'tidal-orbit-lantern', name: 'Ada' };

describe('password accounts', () => {
  it('[AU9] the first sign-up is the administrator; later ones are not; emails are unique', async () => {
    const auth = service();
    const first = await auth.signup(ada);
    expect(first.user).toMatchObject({ email: 'ada@example.org', name: 'Ada', isAdmin: true });
    expect(first.secret.length).toBeGreaterThan(30);
    const second = await auth.signup({ ...ada, email: 'bob@example.org', name: 'Bob' });
    expect(second.user.isAdmin).toBe(false);
    expect((await refusal(auth.signup(ada))).status).toBe(409);
    expect((await refusal(auth.signup({ ...ada, email: 'c@x.org', password: 'short' }))).code).toBe(
      'weak_password',
    );
    const audit = await store.listAudit(null, { limit: 10 });
    expect(JSON.stringify(audit)).not.toContain(ada.password);
  });

  it('[AU10] signs in with the right password only, and never says which part was wrong', async () => {
    const auth = service();
    await auth.signup(ada);
    const ok = await auth.login({ email: 'ADA@example.org', password: ada.password }, '10.0.0.1');
    expect(ok.user.email).toBe('ada@example.org');
    expect(ok.user).not.toHaveProperty('passwordHash');
    const wrong = await refusal(auth.login({ email: ada.email, password: 'nope-nope-nope' }, 'ip'));
    const unknown = await refusal(auth.login({ email: 'who@x.org', password: 'whatever!!' }, 'ip'));
    expect([wrong.status, wrong.message]).toEqual([401, 'wrong email or password']);
    expect([unknown.status, unknown.message]).toEqual([401, 'wrong email or password']);
    const actions = (await store.listAudit(null, { limit: 10 })).map((e) => e.action);
    expect(actions).toEqual(['signin_failed', 'signin_failed', 'signin', 'signup']);
  });

  it('[AU11] the 11th wrong password in a minute is refused even with the right one', async () => {
    const auth = service();
    await auth.signup(ada);
    for (let i = 0; i < 10; i++) {
      clock += 1000;
      const e = await refusal(
        auth.login({ email: ada.email, password: `wrong-${i}-guess` }, `ip${i}`),
      );
      expect(e.status).toBe(401);
    }
    clock += 1000;
    const limited = await refusal(auth.login({ email: ada.email, password: ada.password }, 'ipX'));
    expect(limited.status).toBe(429);
    expect(limited.retryAfterSec).toBe(50);
    clock += 50_000;
    expect((await auth.login({ email: ada.email, password: ada.password }, 'ipX')).user.name).toBe(
      'Ada',
    );
  });

  it('[AU12] a password change needs the current password and ends every other session', async () => {
    const auth = service();
    const sessions = new Sessions(store, undefined, () => clock);
    const here = await auth.signup(ada);
    const elsewhere = await auth.login(ada, 'ip');
    const api = await sessions.create(here.user.id, 'api', 'CI');
    expect(
      (
        await refusal(
          auth.changePassword(here.user, here.tokenId, {
            currentPassword: 'not-the-password',
            newPassword: 'quiet-river-stone',
          }),
        )
      ).status,
    ).toBe(401);
    const { endedTokenIds } = await auth.changePassword(here.user, here.tokenId, {
      currentPassword: ada.password,
      newPassword: 'quiet-river-stone',
    });
    expect(endedTokenIds).toEqual([elsewhere.tokenId]);
    expect(await sessions.authenticate(here.secret)).not.toBeNull();
    expect(await sessions.authenticate(elsewhere.secret)).toBeNull();
    expect(await sessions.authenticate(api.secret)).not.toBeNull();
    expect((await refusal(auth.login(ada, 'ip'))).status).toBe(401);
    expect((await auth.login({ ...ada, password: 'quiet-river-stone' }, 'ip')).user.name).toBe(
      'Ada',
    );
  });

  it('[AU13] with OIDC_ONLY, password sign-up is refused', async () => {
    expect((await refusal(service(true).signup(ada))).code).toBe('password_signup_disabled');
  });
});
