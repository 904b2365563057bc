import { serialize as serializeCookie } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';

export { requestSecret, SESSION_COOKIE };

import {
  type CredentialSource,
  originAllowed,
  requestSecret,
  SESSION_COOKIE,
} from '../auth/credentials.js';
import type { Sessions } from '../auth/sessions.js';
import type { TokenKind, User } from '../storage/accounts.js';
import { HttpError } from './errors.js';

/** Who made a request, when anyone did (in `res.locals.auth`). */
export interface RequestAuth {
  user: User;
  tokenId: string;
  kind: TokenKind;
  /** `cookie` is ambient (a browser sends it by itself) and so needs the CSRF check. */
  via: CredentialSource;
}

/** Resolve the request's credential (if any) into `res.locals.auth`; never refuses by itself. */
export function authenticate(sessions: Sessions): RequestHandler {
  return async (req, res, next) => {
    try {
      const found = requestSecret(req);
      if (found !== null) {
        const authenticated = await sessions.authenticate(found.secret);
        if (authenticated !== null) {
          const auth: RequestAuth = {
            user: authenticated.user,
            tokenId: authenticated.token.id,
            kind: authenticated.token.kind,
            via: found.via,
          };
          res.locals.auth = auth;
        }
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** The signed-in user, or a 401. */
export function requireAuth(res: Response): RequestAuth {
  const auth = res.locals.auth as RequestAuth | undefined;
  if (auth === undefined) throw new HttpError(401, 'unauthenticated', 'sign in first');
  return auth;
}

/** The signed-in instance administrator, or a 401/403. */
export function requireAdmin(res: Response): RequestAuth {
  const auth = requireAuth(res);
  if (!auth.user.isAdmin) {
    throw new HttpError(403, 'forbidden', 'only the instance administrator may do this');
  }
  return auth;
}

export function setSessionCookie(res: Response, secret: string, secure: boolean, maxAgeMs: number) {
  res.append(
    'Set-Cookie',
    serializeCookie(SESSION_COOKIE, secret, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: Math.floor(maxAgeMs / 1000),
    }),
  );
}

export function clearSessionCookie(res: Response, secure: boolean) {
  res.append(
    'Set-Cookie',
    serializeCookie(SESSION_COOKIE, '', {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: 0,
    }),
  );
}

/** The origin a request was addressed to (scheme and Host), as the browser would write it. */
export const ownOrigin = (req: Request): string => `${req.protocol}://${req.headers.host ?? ''}`;

/**
 * CSRF: a state-changing request authenticated by the ambient cookie must come from an allowed
 * origin (browsers send `Sec-Fetch-Site` and `Origin` on such requests; a cross-site form post
 * carries the other site's origin). Bearer-token requests carry no ambient credential.
 */
export function csrfGuard(allowedOrigins: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    // Any cookie counts, valid or not: the check does not depend on whether it signs anyone in.
    if (requestSecret(req)?.via !== 'cookie') return next();
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const sameSite = site === 'same-origin' || site === 'none';
    const fromAllowed =
      origin !== undefined && originAllowed(origin, ownOrigin(req), allowedOrigins);
    if (fromAllowed || (origin === undefined && sameSite)) return next();
    next(new HttpError(403, 'cross_site_request', 'cross-site requests may not change anything'));
  };
}
