import {
  startIdentityProvider,
  type TestIdentityProvider,
} from '@ratify/server/testing/oidc-provider';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeAll,
  freePort,
  hasChromium,
  launchBrowser,
  type RunningServer,
  SLOW_MS,
  startServer,
} from './e2e-helpers';

/**
 * OpenID Connect sign-in in a real browser against a real provider (the `oidc-provider`
 * package on loopback, with its development login and consent pages): the authorization code
 * flow with PKCE, state and nonce, through Ratify's own pages.
 */
describe.skipIf(!hasChromium)('sign-in through an identity provider', () => {
  let idp: TestIdentityProvider;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    idp = await startIdentityProvider([`http://127.0.0.1:${port}/api/auth/oidc/callback`], {
      ines: { email: 'Ines@Example.org', name: 'Ines Okafor', emailVerified: true },
      ned: { email: 'ned@example.org', name: 'Ned', emailVerified: false },
    });
    server = await startServer({
      port,
      env: {
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: idp.clientId,
        OIDC_CLIENT_SECRET: idp.clientSecret,
        OIDC_ONLY: '1',
      },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await idp?.close();
  });

  /** Go through the provider's login and consent pages as `login`. */
  async function throughProvider(page: import('playwright-core').Page, login: string) {
    await page.getByRole('link', { name: 'Sign in with your identity provider' }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer), { timeout: SLOW_MS });
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    // The consent page, on first use of the client.
    const consent = page.locator('form button[type="submit"]', { hasText: /continue/i });
    await consent.click({ timeout: SLOW_MS });
  }

  it('a verified account signs in with the code flow and lands where it started; password sign-up is off', async () => {
    const context = await browser.newContext({ baseURL: server.url });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto('/');
      await page.waitForURL(/\/signin/, { timeout: SLOW_MS });
      // OIDC_ONLY: no password sign-up offered.
      await page
        .getByRole('link', { name: 'Sign in with your identity provider' })
        .waitFor({ timeout: SLOW_MS });
      expect(await page.getByRole('link', { name: /sign up/i }).count()).toBe(0);
      await throughProvider(page, 'ines');
      await page.waitForURL((url) => url.href.startsWith(server.url), { timeout: SLOW_MS });
      // Signed in: the list, with the account's name from the provider in the account menu.
      await page.getByText('Ines Okafor').first().waitFor({ timeout: SLOW_MS });
      const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
      expect(me.user).toMatchObject({ email: 'ines@example.org', name: 'Ines Okafor' });
      expect(errors).toEqual([]);
    } finally {
      await closeAll(context);
    }
  });

  it('an unverified email is refused and signs nobody in', async () => {
    const context = await browser.newContext({ baseURL: server.url });
    try {
      const page = await context.newPage();
      await page.goto('/signin');
      await throughProvider(page, 'ned');
      await page.getByText('did not vouch for an email address').waitFor({ timeout: SLOW_MS });
      const status = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
      expect(status).toBe(401);
    } finally {
      await closeAll(context);
    }
  });
});
