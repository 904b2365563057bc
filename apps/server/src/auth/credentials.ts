import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseCookies } from 'cookie';

/** The sign-in session cookie: HTTP-only, SameSite=Lax, Secure over https. */
export const SESSION_COOKIE = 'ratify_session';

/** `cookie` is ambient (a browser sends it by itself) and so needs an origin check. */
export type CredentialSource = 'cookie' | 'bearer';

/**
 * Whether a page's `Origin` may use the ambient cookie here: one of `allowed` (ALLOWED_ORIGINS),
 * or when that is empty, the server's own origin `own`.
 */
export function originAllowed(origin: string, own: string, allowed: readonly string[]): boolean {
  return allowed.length > 0 ? allowed.includes(origin) : origin === own;
}

/**
 * The credential a request (REST or websocket upgrade) carries: `Authorization: Bearer …` first,
 * then the session cookie.
 */
export function requestSecret(req: {
  headers: IncomingHttpHeaders;
}): { secret: string; via: CredentialSource } | null {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1] === undefined ? null : { secret: match[1], via: 'bearer' };
  }
  const cookie = req.headers.cookie;
  if (cookie === undefined) return null;
  const secret = parseCookies(cookie)[SESSION_COOKIE];
  return secret === undefined || secret === '' ? null : { secret, via: 'cookie' };
}
