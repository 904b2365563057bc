import { afterEach, describe, expect, it } from 'vitest';
import {
  browseTo,
  startIdentityProvider,
  type TestIdentityProvider,
} from '../../test/oidc-provider.js';
import { OidcError, OidcSignIn, safeReturnTo } from './oidc.js';

const key = new Uint8Array(32).fill(3);
const redirectUri = 'http://127.0.0.1:1/api/auth/oidc/callback';
let idp: TestIdentityProvider | null = null;
afterEach(async () => {
  await idp?.close();
  idp = null;
});

async function signIn(login: string) {
  idp = await startIdentityProvider([redirectUri], {
    ada: { email: 'Ada@Example.org', name: 'Ada Lovelace', emailVerified: true },
    mallory: { email: 'boss@example.org', name: 'Not The Boss', emailVerified: false },
  });
  const oidc = await OidcSignIn.discover(
    {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      redirectUri,
      allowHttp: true,
    },
    key,
  );
  const { url, pendingCookie } = await oidc.begin('/d/abc');
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  expect(url.searchParams.get('nonce')).toBeTruthy();
  const callback = await browseTo(url, (u) => u.href.startsWith(redirectUri), login);
  return { oidc, callback, pendingCookie };
}

describe('OpenID Connect sign-in against a real provider', () => {
  it('[AU14] the code flow with PKCE, state and nonce gives the verified identity', async () => {
    const { oidc, callback, pendingCookie } = await signIn('ada');
    expect(await oidc.complete(callback, pendingCookie)).toEqual({
      subject: 'ada',
      email: 'ada@example.org',
      name: 'Ada Lovelace',
      returnTo: '/d/abc',
    });
  });

  it("[AU15] refuses an unverified email, a missing or forged attempt cookie and another attempt's callback", async () => {
    const { oidc, callback, pendingCookie } = await signIn('mallory');
    await expect(oidc.complete(callback, pendingCookie)).rejects.toThrow(/vouch for an email/);
    await expect(oidc.complete(callback, undefined)).rejects.toThrow(OidcError);
    const other = await oidc.begin('/');
    // Another attempt's cookie: its state does not match this callback.
    await expect(oidc.complete(callback, other.pendingCookie)).rejects.toThrow(/refused/);
    await expect(oidc.complete(callback, `${pendingCookie}x`)).rejects.toThrow(/tampered/);
  });

  it('only same-site paths are followed after sign-in', () => {
    expect(safeReturnTo('/d/x?y=1')).toBe('/d/x?y=1');
    expect(safeReturnTo('//evil.example/')).toBe('/');
    expect(safeReturnTo('/\\evil.example')).toBe('/');
    expect(safeReturnTo('https://evil.example/')).toBe('/');
    expect(safeReturnTo(undefined)).toBe('/');
  });
});
