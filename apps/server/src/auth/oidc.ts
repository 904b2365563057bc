import { jwtVerify, SignJWT } from 'jose';
import * as client from 'openid-client';

/**
 * OpenID Connect sign-in (authorization code flow with PKCE; state and nonce checked). Nothing of
 * a sign-in in progress is kept on the server: the verifier, state and nonce travel in a signed,
 * HTTP-only cookie that lives ten minutes, so any instance can finish what another started.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE alone). */
  clientSecret?: string;
  /**
   * This server's callback, e.g. https://ratify.example/api/auth/oidc/callback (`begin` may name
   * another, e.g. the address a request came to when PUBLIC_URL is not set).
   */
  redirectUri: string;
  /** Allow an http:// issuer (a provider on loopback in tests and local set-ups). */
  allowHttp?: boolean;
}

export interface OidcIdentity {
  subject: string;
  email: string;
  name: string;
}

export const OIDC_COOKIE = 'ratify_oidc';
const PENDING_TTL_SECONDS = 600;
const AUDIENCE = 'ratify-oidc-pending';

export class OidcError extends Error {
  override name = 'OidcError';
}

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

/** Only same-site paths: never an absolute URL or a protocol-relative `//host`. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

export class OidcSignIn {
  private constructor(
    private readonly config: client.Configuration,
    private readonly settings: OidcSettings,
    private readonly key: Uint8Array,
  ) {}

  static async discover(settings: OidcSettings, key: Uint8Array): Promise<OidcSignIn> {
    const config = await client.discovery(
      new URL(settings.issuer),
      settings.clientId,
      settings.clientSecret,
      undefined,
      settings.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    return new OidcSignIn(config, settings, key);
  }

  /** Where to send the browser, and the cookie value that remembers this attempt. */
  async begin(
    returnTo: string,
    redirectUri = this.settings.redirectUri,
  ): Promise<{ url: URL; pendingCookie: string }> {
    const pending: Pending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      returnTo: safeReturnTo(returnTo),
    };
    const url = client.buildAuthorizationUrl(this.config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    const pendingCookie = await new SignJWT({ ...pending })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${PENDING_TTL_SECONDS}s`)
      .sign(this.key);
    return { url, pendingCookie };
  }

  /**
   * Finish at the callback: check the pending cookie, exchange the code (PKCE, state, nonce and
   * the ID token's signature, issuer, audience and expiry are all checked by openid-client), and
   * return the identity. Only a verified email signs anyone in.
   */
  async complete(
    callbackUrl: URL,
    pendingCookie: string | undefined,
  ): Promise<OidcIdentity & { returnTo: string }> {
    if (pendingCookie === undefined) throw new OidcError('no sign-in in progress in this browser');
    let pending: Pending;
    try {
      const { payload } = await jwtVerify(pendingCookie, this.key, {
        algorithms: ['HS256'],
        audience: AUDIENCE,
      });
      pending = payload as unknown as Pending;
    } catch {
      throw new OidcError('the sign-in attempt expired or was tampered with; start again');
    }
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(this.config, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new OidcError(
        `the identity provider's answer was refused: ${(error as Error).message}`,
      );
    }
    const idClaims = tokens.claims();
    if (idClaims === undefined) throw new OidcError('the identity provider sent no ID token');
    // Many providers put scope claims (email, name) only in the UserInfo response; its subject
    // must match the ID token's (openid-client checks).
    let claims: Record<string, unknown> & { sub: string } = idClaims;
    if (typeof idClaims.email !== 'string') {
      try {
        const info = await client.fetchUserInfo(this.config, tokens.access_token, idClaims.sub);
        claims = { ...idClaims, ...info, sub: idClaims.sub };
      } catch (error) {
        throw new OidcError(
          `the identity provider's user info was refused: ${(error as Error).message}`,
        );
      }
    }
    if (typeof claims.email !== 'string' || claims.email_verified !== true) {
      throw new OidcError('the identity provider did not vouch for an email address');
    }
    const name =
      typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name : claims.email;
    return {
      subject: claims.sub,
      email: claims.email.toLowerCase(),
      name,
      returnTo: pending.returnTo,
    };
  }
}
