import { describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function call(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}

const ada = { email: 'ada@example.org', password: 'tidal-orbit-lantern', name: 'Ada' };
const cookieOf = (reply: Reply) => (reply.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('accounts over REST', () => {
  it('[AU16] sign-up makes the first account the administrator and sets a safe session cookie', async () => {
    const server = await startServer();
    expect((await call(`${server.url}/api/auth/config`, 'GET')).body).toEqual({
      passwordSignup: true,
      oidc: false,
      needsFirstAccount: true,
    });
    const first = await call(`${server.url}/api/auth/signup`, 'POST', ada);
    expect(first.status).toBe(201);
    expect(first.body.user).toMatchObject({ email: 'ada@example.org', name: 'Ada', isAdmin: true });
    expect(JSON.stringify(first.body)).not.toMatch(/scrypt|lantern/);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^ratify_session=[\w-]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const second = await call(`${server.url}/api/auth/signup`, 'POST', {
      ...ada,
      email: 'bob@example.org',
    });
    expect(second.body.user).toMatchObject({ isAdmin: false });
    const taken = await call(`${server.url}/api/auth/signup`, 'POST', {
      ...ada,
      email: 'ADA@example.org',
    });
    expect([taken.status, (taken.body.error as { code: string }).code]).toEqual([
      409,
      'email_taken',
    ]);
    const weak = await call(`${server.url}/api/auth/signup`, 'POST', {
      ...ada,
      email: 'c@x.org',
      password: 'password123',
    });
    expect(weak.status).toBe(400);
    const bad = await call(`${server.url}/api/auth/signup`, 'POST', {
      email: 'not-an-email',
      password: 'x',
    });
    expect(bad.status).toBe(400);
    expect(await server.accounts.countUsers()).toBe(2);
    expect((await call(`${server.url}/api/auth/config`, 'GET')).body.needsFirstAccount).toBe(false);
  });

  it('[AU17] the cookie and the bearer token both identify the user; sign-out ends the session', async () => {
    const server = await startServer();
    await call(`${server.url}/api/auth/signup`, 'POST', ada);
    const login = await call(`${server.url}/api/auth/login`, 'POST', {
      email: ada.email,
      password: ada.password,
    });
    expect(login.status).toBe(200);
    const cookie = cookieOf(login);
    const bearer = { authorization: `Bearer ${String(login.body.token)}` };
    expect(
      (await call(`${server.url}/api/auth/me`, 'GET', undefined, { cookie })).body.user,
    ).toMatchObject({ name: 'Ada' });
    expect((await call(`${server.url}/api/auth/me`, 'GET', undefined, bearer)).status).toBe(200);
    expect((await call(`${server.url}/api/auth/me`, 'GET')).status).toBe(401);
    const out = await call(`${server.url}/api/auth/logout`, 'POST', undefined, {
      cookie,
      origin: server.url,
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await call(`${server.url}/api/auth/me`, 'GET', undefined, { cookie })).status).toBe(
      401,
    );
    expect((await call(`${server.url}/api/auth/me`, 'GET', undefined, bearer)).status).toBe(401);
  });

  it('[AU18] the 11th wrong password in a minute is refused with 429 and Retry-After, even when right', async () => {
    const server = await startServer();
    await call(`${server.url}/api/auth/signup`, 'POST', ada);
    for (let i = 0; i < 10; i++) {
      const wrong = await call(`${server.url}/api/auth/login`, 'POST', {
        email: ada.email,
        password: `guess-number-${i}`,
      });
      expect(wrong.status).toBe(401);
    }
    const right = await call(`${server.url}/api/auth/login`, 'POST', {
      email: ada.email,
      password: ada.password,
    });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(right.headers.get('set-cookie')).toBeNull();
    const failed = await server.accounts.listAudit(null, {
      limit: 20,
      actions: ['signin_failed', 'signin_limited'],
    });
    expect(failed).toHaveLength(11);
  });

  it('[AU19] a cross-site request riding the cookie changes nothing (CSRF)', async () => {
    const server = await startServer();
    const signup = await call(`${server.url}/api/auth/signup`, 'POST', ada);
    const cookie = cookieOf(signup);
    const forged = await call(
      `${server.url}/api/auth/tokens`,
      'POST',
      { name: 'stolen' },
      { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect([forged.status, (forged.body.error as { code: string }).code]).toEqual([
      403,
      'cross_site_request',
    ]);
    // A plain HTML form on another site, posting to a document route with the victim's cookie.
    const created = await call(
      `${server.url}/api/docs`,
      'POST',
      {},
      { cookie, origin: server.url },
    );
    const docId = (created.body as { id: string }).id;
    const formPost = await fetch(`${server.url}/api/docs/${docId}/invites`, {
      method: 'POST',
      headers: {
        cookie,
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'role=editor&expiresInHours=24',
    });
    expect(formPost.status).toBe(403);
    expect(await server.accounts.listInvites(docId)).toEqual([]);
    const formDelete = await fetch(`${server.url}/api/docs/${docId}`, {
      method: 'DELETE',
      headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(formDelete.status).toBe(403);
    expect(await server.storage.getMeta(docId)).not.toBeNull();
    const noOrigin = await call(`${server.url}/api/auth/logout`, 'POST', undefined, { cookie });
    expect(noOrigin.status).toBe(403);
    expect((await call(`${server.url}/api/auth/me`, 'GET', undefined, { cookie })).status).toBe(
      200,
    );
    expect(
      await server.accounts.listTokens(String((signup.body.user as { id: string }).id), 'api'),
    ).toEqual([]);
    // The same request from the app's own page works.
    const own = await call(
      `${server.url}/api/auth/tokens`,
      'POST',
      { name: 'CLI' },
      { cookie, origin: server.url },
    );
    expect(own.status).toBe(201);
  });

  it('[AU20] API tokens are listed and revoked by their owner; a password change ends other sessions', async () => {
    const server = await startServer();
    const here = await call(`${server.url}/api/auth/signup`, 'POST', ada);
    const elsewhere = await call(`${server.url}/api/auth/login`, 'POST', {
      email: ada.email,
      password: ada.password,
    });
    const auth = { authorization: `Bearer ${String(here.body.token)}` };
    const created = await call(`${server.url}/api/auth/tokens`, 'POST', { name: 'CI' }, auth);
    expect(created.status).toBe(201);
    const apiToken = { authorization: `Bearer ${String(created.body.token)}` };
    expect((await call(`${server.url}/api/auth/me`, 'GET', undefined, apiToken)).status).toBe(200);
    const listed = await call(`${server.url}/api/auth/tokens`, 'GET', undefined, auth);
    expect(listed.body.tokens).toMatchObject([{ id: created.body.id, name: 'CI' }]);
    expect(JSON.stringify(listed.body)).not.toContain(String(created.body.token));
    const changed = await call(
      `${server.url}/api/auth/password`,
      'POST',
      { currentPassword: ada.password, newPassword: 'quiet-river-stone' },
      auth,
    );
    expect(changed.status).toBe(204);
    expect(
      (await call(`${server.url}/api/auth/me`, 'GET', undefined, { cookie: cookieOf(elsewhere) }))
        .status,
    ).toBe(401);
    expect((await call(`${server.url}/api/auth/me`, 'GET', undefined, auth)).status).toBe(200);
    expect(
      (
        await call(
          `${server.url}/api/auth/tokens/${String(created.body.id)}`,
          'DELETE',
          undefined,
          auth,
        )
      ).status,
    ).toBe(204);
    expect((await call(`${server.url}/api/auth/me`, 'GET', undefined, apiToken)).status).toBe(401);
    expect(
      (await call(`${server.url}/api/auth/tokens/nope`, 'DELETE', undefined, auth)).status,
    ).toBe(404);
  });
});
