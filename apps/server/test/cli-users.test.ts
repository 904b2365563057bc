// `ratify users list | create | disable | enable | reset-password` on a data folder a server is
// running on: the accounts it makes sign in there, a reset ends the sessions it had, and a
// disabled account is shut out of everything, open connections included.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ratify, ratifyOk } from './cli-run.js';
import { tempDir } from './helpers.js';
import { type RatifyProcess, ratifyProcess } from './processes.js';

async function login(server: RatifyProcess, email: string, password: string) {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { token?: string };
  return { status: res.status, token: body.token ?? null };
}

const me = async (server: RatifyProcess, token: string) =>
  (await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }))
    .status;

describe('ratify users', () => {
  it('[CLI14] create makes password accounts (the first is the administrator; a generated password is printed once and signs in); list shows them; bad input exits 1', async () => {
    const dataDir = await tempDir();
    const direct = ['--data-dir', dataDir];
    const first = await ratify([
      'users',
      'create',
      '--email',
      'Ada@Example.test',
      '--name',
      'Ada',
      ...direct,
    ]);
    expect(first.code, first.stderr).toBe(0);
    const made =
      /^created ada@example\.test \(([A-Za-z0-9_-]{16})\), administrator\npassword: (\S{24})\n$/.exec(
        first.stdout,
      );
    expect(made, first.stdout).not.toBeNull();
    const [, adaId, password] = made as unknown as [string, string, string];
    const given = 'a long and unusual passphrase';
    expect(
      await ratifyOk([
        'users',
        'create',
        '--email',
        'bob@example.test',
        '--name',
        'Bob',
        '--password',
        given,
        ...direct,
      ]),
    ).toMatch(/^created bob@example\.test \([A-Za-z0-9_-]{16}\)\n$/);
    expect(
      await ratifyOk([
        'users',
        'create',
        '--email',
        'cy@example.test',
        '--name',
        'Cy',
        '--admin',
        ...direct,
      ]),
    ).toMatch(
      /^created cy@example\.test \([A-Za-z0-9_-]{16}\), administrator\npassword: \S{24}\n$/,
    );

    const server = await ratifyProcess({ DATA_DIR: dataDir });
    expect((await login(server, 'ada@example.test', password)).status).toBe(200);
    expect((await login(server, 'bob@example.test', given)).status).toBe(200);

    const rows = (await ratifyOk(['users', 'list', ...direct]))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t'));
    expect(rows.map((r) => [r[1], r[2], r[3]])).toEqual([
      ['ada@example.test', 'Ada', 'admin'],
      ['bob@example.test', 'Bob', '-'],
      ['cy@example.test', 'Cy', 'admin'],
    ]);
    expect(rows[0]?.[0]).toBe(adaId);
    for (const row of rows) expect(row[4]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const refusals: Array<[string[], RegExp]> = [
      [
        ['--email', 'bob@example.test', '--name', 'Bob'],
        /an account bob@example\.test exists already/,
      ],
      [
        ['--email', 'dee@example.test', '--name', 'Dee', '--password', 'short'],
        /--password: password must be at least 10 characters/,
      ],
      [['--email', 'not-an-email', '--name', 'Dee'], /"not-an-email" is not an email address/],
      [['--email', 'dee@example.test', '--name', '  '], /--name must be 1 to 80 characters/],
    ];
    for (const [args, expected] of refusals) {
      const run = await ratify(['users', 'create', ...args, ...direct]);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toMatch(/^ratify: /);
      expect(run.stderr).toMatch(expected);
    }
    const usage = await ratify(['users', 'create', '--name', 'Dee', ...direct]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/required option '--email <email>' not specified/);
  }, 60_000);

  it("[CLI15] reset-password prints a new password once and ends the account's sessions; the old password no longer signs in", async () => {
    const dataDir = await tempDir();
    const direct = ['--data-dir', dataDir];
    const old = 'the original passphrase';
    await ratifyOk([
      'users',
      'create',
      '--email',
      'bob@example.test',
      '--name',
      'Bob',
      '--password',
      old,
      ...direct,
    ]);
    const server = await ratifyProcess({ DATA_DIR: dataDir });
    const sessions = [
      await login(server, 'bob@example.test', old),
      await login(server, 'bob@example.test', old),
    ];
    for (const s of sessions) expect(await me(server, s.token as string)).toBe(200);

    const reset = await ratify(['users', 'reset-password', 'bob@example.test', ...direct]);
    expect(reset.code, reset.stderr).toBe(0);
    const printed = /^new password for bob@example\.test: (\S{24})\nended 2 sessions\n$/.exec(
      reset.stdout,
    );
    expect(printed, reset.stdout).not.toBeNull();
    for (const s of sessions) expect(await me(server, s.token as string)).toBe(401);
    expect((await login(server, 'bob@example.test', old)).status).toBe(401);
    expect((await login(server, 'bob@example.test', printed?.[1] as string)).status).toBe(200);

    const unknown = await ratify(['users', 'reset-password', 'nobody@example.test', ...direct]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('ratify: there is no account nobody@example.test\n');
  }, 60_000);

  it('[CLI17] disable shuts an account out beside a running server: sign-in refused with a message, sessions ended, API tokens refused, its open connection closed (4401); enable lets its tokens and password work again; the administrator cannot be disabled', async () => {
    const dataDir = await tempDir();
    const direct = ['--data-dir', dataDir];
    const password = 'the original passphrase';
    for (const [address, name] of [
      ['ada@example.test', 'Ada'],
      ['bob@example.test', 'Bob'],
    ]) {
      await ratifyOk([
        'users',
        'create',
        '--email',
        address as string,
        '--name',
        name as string,
        '--password',
        password,
        ...direct,
      ]);
    }
    const server = await ratifyProcess({ DATA_DIR: dataDir, CREDENTIAL_CHECK_MS: '200' });
    const session = (await login(server, 'bob@example.test', password)).token as string;
    const authed = (method: string, path: string, token: string, body?: unknown) =>
      fetch(`${server.url}/api/${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    const apiToken = (
      (await (await authed('POST', 'auth/tokens', session, { name: 'ci' })).json()) as {
        token: string;
      }
    ).token;
    expect(await me(server, apiToken)).toBe(200);
    const docId = (
      (await (await authed('POST', 'docs', session, { title: 'Bob’s' })).json()) as { id: string }
    ).id;
    const socket = new WebSocket(`${server.syncUrl}/${docId}`, {
      headers: { authorization: `Bearer ${session}` },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );

    const disabled = await ratify(['users', 'disable', 'bob@example.test', ...direct]);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(disabled.stdout).toBe('disabled bob@example.test\nended 1 session\n');
    // The server learns of it from the store within CREDENTIAL_CHECK_MS.
    const close = await Promise.race([
      closed,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000).unref()),
    ]);
    expect(close, 'the open connection of the disabled account was not closed').toEqual({
      code: 4401,
      reason: 'signed out',
    });
    expect(await me(server, session)).toBe(401);
    expect(await me(server, apiToken)).toBe(401);
    const refused = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bob@example.test', password }),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: {
        code: 'account_disabled',
        message:
          'this account has been disabled; ask the administrator of this Ratify to enable it',
      },
    });
    // A wrong password is told only that it is wrong.
    expect((await login(server, 'bob@example.test', 'not the passphrase')).status).toBe(401);
    const listed = (await ratifyOk(['users', 'list', ...direct]))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t'));
    expect(listed.map((r) => [r[1], r[5] === '-' ? '-' : 'disabled'])).toEqual([
      ['ada@example.test', '-'],
      ['bob@example.test', 'disabled'],
    ]);
    expect(await ratifyOk(['users', 'disable', 'bob@example.test', ...direct])).toBe(
      'bob@example.test is disabled already\n',
    );
    const admin = await ratify(['users', 'disable', 'ada@example.test', ...direct]);
    expect(admin.code).toBe(1);
    expect(admin.stderr).toBe('ratify: ada@example.test: the administrator cannot be disabled\n');

    expect(await ratifyOk(['users', 'enable', 'bob@example.test', ...direct])).toBe(
      'enabled bob@example.test\n',
    );
    expect(await me(server, apiToken)).toBe(200);
    expect(await me(server, session)).toBe(401);
    expect((await login(server, 'bob@example.test', password)).status).toBe(200);
    expect(await ratifyOk(['users', 'enable', 'bob@example.test', ...direct])).toBe(
      'bob@example.test is not disabled\n',
    );
    const unknown = await ratify(['users', 'disable', 'nobody@example.test', ...direct]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('ratify: there is no account nobody@example.test\n');
  }, 60_000);
});
