import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteAccountStore } from '../storage/sqlite-accounts.js';
import { hashSecret, Sessions } from './sessions.js';

let dir = '';
let db: Database.Database;
let store: SqliteAccountStore;
let clock = 0;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ratify-sessions-'));
  db = new Database(path.join(dir, 'ratify.db'));
  store = new SqliteAccountStore(db);
  await store.createUser(
    { id: 'ada', email: 'ada@example.org', name: 'Ada', color: '#123456', passwordHash: null },
    0,
  );
  clock = 1_000_000;
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const policy = { idleMs: 1000, absoluteMs: 5000, touchEveryMs: 100 };

describe('sessions', () => {
  it('[AU6] a session secret is stored only as its hash and authenticates its user', async () => {
    const sessions = new Sessions(store, policy, () => clock);
    const { secret, token } = await sessions.create('ada', 'session');
    const raw = JSON.stringify(db.prepare('SELECT * FROM tokens').all());
    expect(raw).not.toContain(secret);
    expect(raw).toContain(hashSecret(secret));
    expect((await sessions.authenticate(secret))?.user.id).toBe('ada');
    expect(token.expiresAt).toBe(clock + 5000);
    expect(await sessions.authenticate(`${secret}x`)).toBeNull();
    expect(await sessions.authenticate('')).toBeNull();
  });

  it('[AU7] sessions end after the idle spell and at the absolute age; API tokens do not idle', async () => {
    const sessions = new Sessions(store, policy, () => clock);
    const idle = await sessions.create('ada', 'session');
    const busy = await sessions.create('ada', 'session');
    const api = await sessions.create('ada', 'api', 'CI');
    for (let i = 0; i < 8; i++) {
      clock += 600;
      expect(await sessions.authenticate(busy.secret), `busy at ${i}`).not.toBeNull();
    }
    // 4800 ms later: the idle one went after 1000 ms, the busy one is still young enough.
    expect(await sessions.authenticate(idle.secret)).toBeNull();
    clock += 300;
    // Past the absolute age (5000 ms) even though it was used a moment ago.
    expect(await sessions.authenticate(busy.secret)).toBeNull();
    expect((await sessions.authenticate(api.secret))?.token.name).toBe('CI');
    expect(await store.listTokens('ada', 'session')).toEqual([]);
  });

  it('[AU8] sign out ends one session; a password change ends all the others', async () => {
    const sessions = new Sessions(store, policy, () => clock);
    const a = await sessions.create('ada', 'session');
    const b = await sessions.create('ada', 'session');
    const c = await sessions.create('ada', 'session');
    const api = await sessions.create('ada', 'api');
    expect((await sessions.end(a.secret))?.id).toBe(a.token.id);
    expect(await sessions.authenticate(a.secret)).toBeNull();
    expect(await sessions.endOtherSessions('ada', b.token.id)).toEqual([c.token.id]);
    expect(await sessions.authenticate(b.secret)).not.toBeNull();
    expect(await sessions.authenticate(c.secret)).toBeNull();
    expect(await sessions.authenticate(api.secret)).not.toBeNull();
  });
});
