import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { onCleanup, startServer } from './helpers.js';
import { browseTo, startIdentityProvider } from './oidc-provider.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('OpenID Connect sign-in through the server', () => {
  it('[AU21] /api/auth/oidc/start → provider → callback signs in by verified email, creates accounts, and refuses the unverified', async () => {
    const port = await freePort();
    const callback = `http://127.0.0.1:${port}/api/auth/oidc/callback`;
    const idp = await startIdentityProvider([callback], {
      ada: { email: 'Ada@Example.org', name: 'Ada Lovelace', emailVerified: true },
      grace: { email: 'grace@example.org', name: 'Grace Hopper', emailVerified: true },
      mallory: { email: 'ada@example.org', name: 'Mallory', emailVerified: false },
    });
    onCleanup(() => idp.close());
    const server = await startServer({
      port,
      oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret },
      oidcOnly: true,
    });
    // An existing account with the same (verified) email is the one signed in.
    const existing = await server.accounts.createUser(
      { id: 'ada-id', email: 'ada@example.org', name: 'Ada', color: '#123456', passwordHash: null },
      Date.now(),
    );
    const config = (await (await fetch(`${server.url}/api/auth/config`)).json()) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({ oidc: true, passwordSignup: false });
    const signup = await fetch(`${server.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'x@example.org', password: 'long enough pass 1', name: 'X' }),
    });
    expect(signup.status).toBe(403);

    const signIn = async (login: string) => {
      const start = await fetch(`${server.url}/api/auth/oidc/start?returnTo=/d/abc`, {
        redirect: 'manual',
      });
      expect(start.status).toBe(302);
      const attempt = start.headers.getSetCookie().find((c) => c.startsWith('ratify_oidc='));
      expect(attempt).toMatch(/HttpOnly/i);
      const back = await browseTo(
        new URL(start.headers.get('location') as string),
        (u) => u.href.startsWith(callback),
        login,
      );
      return fetch(back, {
        redirect: 'manual',
        headers: { cookie: (attempt as string).split(';')[0] as string },
      });
    };

    const ada = await signIn('ada');
    expect([ada.status, ada.headers.get('location')]).toEqual([302, '/d/abc']);
    const session = ada.headers.getSetCookie().find((c) => c.startsWith('ratify_session='));
    const me = await fetch(`${server.url}/api/auth/me`, {
      headers: { cookie: (session as string).split(';')[0] as string },
    });
    expect(((await me.json()) as { user: { id: string } }).user.id).toBe(existing.id);

    const grace = await signIn('grace');
    expect(grace.status).toBe(302);
    const created = await server.accounts.getUserByEmail('grace@example.org');
    expect(created).toMatchObject({ name: 'Grace Hopper', passwordHash: null });

    const mallory = await signIn('mallory');
    expect(mallory.status).toBe(400);
    expect(await mallory.text()).toMatch(/did not vouch for an email/);
    expect(mallory.headers.getSetCookie().some((c) => c.startsWith('ratify_session='))).toBe(false);
    // A callback without the attempt cookie (another browser, or a forged link) signs nobody in.
    const forged = await fetch(`${server.url}/api/auth/oidc/callback?code=x&state=y`, {
      redirect: 'manual',
    });
    expect(forged.status).toBe(400);
  });
});
