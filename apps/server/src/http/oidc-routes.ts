import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import { type Request, type Response, Router } from 'express';
import type { Logger } from 'pino';
import {
  OIDC_COOKIE,
  OidcError,
  type OidcSettings,
  OidcSignIn,
  safeReturnTo,
} from '../auth/oidc.js';
import { AuthError, type AuthService } from '../auth/service.js';
import { ownOrigin, setSessionCookie } from './session-cookie.js';

export interface OidcRouterDeps {
  settings: Omit<OidcSettings, 'redirectUri'>;
  /** Signs the cookie that carries a sign-in in progress. */
  key: Uint8Array;
  auth: AuthService;
  /** PUBLIC_URL, or null to use the address each request came to. */
  publicOrigin: string | null;
  secureCookies: (req: Request) => boolean;
  sessionMaxAgeMs: number;
  log: Logger;
}

const CALLBACK_PATH = '/api/auth/oidc/callback';
const COOKIE_PATH = '/api/auth/oidc';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * `/api/auth/oidc/start` sends the browser to the identity provider; `/callback` finishes there,
 * signs the person in (matched by verified email, or a new account) and returns them to the page
 * they came from. The provider's metadata is discovered on first use (and again after a failure).
 */
export function oidcRouter(deps: OidcRouterDeps): Router {
  const router = Router();
  let discovering: Promise<OidcSignIn> | null = null;
  const signIn = (): Promise<OidcSignIn> => {
    discovering ??= OidcSignIn.discover({ ...deps.settings, redirectUri: '' }, deps.key).catch(
      (error: unknown) => {
        discovering = null;
        throw error;
      },
    );
    return discovering;
  };
  const origin = (req: Request) => deps.publicOrigin ?? ownOrigin(req);

  const pendingCookie = (req: Request, res: Response, value: string, maxAge: number) => {
    res.append(
      'Set-Cookie',
      serializeCookie(OIDC_COOKIE, value, {
        httpOnly: true,
        // Lax: the provider's redirect back is a top-level GET navigation, which carries it.
        sameSite: 'lax',
        secure: deps.secureCookies(req),
        path: COOKIE_PATH,
        maxAge,
      }),
    );
  };

  const failed = (res: Response, status: number, message: string) => {
    res
      .status(status)
      .type('html')
      .send(
        `<!doctype html><meta charset="utf-8"><title>Sign-in failed · Ratify</title>` +
          `<main style="font:16px system-ui;max-width:40rem;margin:4rem auto">` +
          `<h1>Sign-in failed</h1><p>${escapeHtml(message)}</p>` +
          `<p><a href="/signin">Back to sign-in</a></p></main>`,
      );
  };

  router.get('/auth/oidc/start', async (req, res) => {
    let oidc: OidcSignIn;
    try {
      oidc = await signIn();
    } catch (error) {
      deps.log.error({ err: error }, 'OpenID Connect discovery failed');
      failed(res, 502, 'The identity provider cannot be reached. Try again in a moment.');
      return;
    }
    const { url, pendingCookie: value } = await oidc.begin(
      safeReturnTo(req.query.returnTo),
      `${origin(req)}${CALLBACK_PATH}`,
    );
    pendingCookie(req, res, value, 600);
    res.redirect(302, url.href);
  });

  router.get('/auth/oidc/callback', async (req, res) => {
    const cookie = parseCookies(req.headers.cookie ?? '')[OIDC_COOKIE];
    // An attempt is finished (or abandoned) here either way.
    pendingCookie(req, res, '', 0);
    try {
      const oidc = await signIn();
      const identity = await oidc.complete(new URL(req.originalUrl, origin(req)), cookie);
      const signedIn = await deps.auth.signInWithIdentity(identity);
      setSessionCookie(res, signedIn.secret, deps.secureCookies(req), deps.sessionMaxAgeMs);
      res.redirect(302, identity.returnTo);
    } catch (error) {
      if (error instanceof OidcError) {
        failed(res, 400, error.message);
        return;
      }
      if (error instanceof AuthError) {
        failed(
          res,
          error.status,
          `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`,
        );
        return;
      }
      deps.log.error({ err: error }, 'OpenID Connect sign-in failed');
      failed(res, 502, 'The sign-in could not be finished. Try again in a moment.');
    }
  });

  return router;
}
