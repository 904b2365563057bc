import type { IncomingMessage } from 'node:http';
import type { AccountStore, User } from '../storage/accounts.js';
import { originAllowed, requestSecret } from './credentials.js';
import type { DocTokens } from './doc-token.js';
import { effectiveRole } from './policy.js';
import type { Principal } from './principal.js';
import type { Sessions } from './sessions.js';

export type UpgradeDecision =
  | { ok: true; principal: Principal; protocol: string | null }
  | { ok: false; status: 401 | 403 | 404; reason: string };

export interface UpgradeAuthDeps {
  store: AccountStore;
  sessions: Sessions;
  docTokens: DocTokens;
  /** Origins whose pages may open a socket with the user's cookie; empty: the server's own. */
  allowedOrigins: readonly string[];
}

/** A JWT's shape: three base64url parts (how a token offered as a subprotocol is recognised). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The document token a client offered: `?token=` first, else a `Sec-WebSocket-Protocol` value. */
export function offeredToken(
  url: URL,
  req: IncomingMessage,
): { token: string; protocol: string | null } | null {
  const query = url.searchParams.get('token');
  if (query !== null) return { token: query, protocol: null };
  const header = req.headers['sec-websocket-protocol'];
  if (header === undefined) return null;
  for (const value of header.split(',')) {
    const candidate = value.trim();
    if (JWT_SHAPE.test(candidate)) return { token: candidate, protocol: candidate };
  }
  return null;
}

function requestOrigin(req: IncomingMessage): string {
  // The socket is plain or TLS-terminated here; a proxy in front rewrites the Origin check's
  // expectations through ALLOWED_ORIGINS.
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? 'https' : 'http'}://${req.headers.host ?? ''}`;
}

/**
 * Decide a websocket upgrade to `/sync/:docId` before anything of the document is sent:
 * - a document token (any y-websocket client): valid signature, not expired, for this document,
 *   and the credential that minted it still live;
 * - else the browser's session cookie, or `Authorization: Bearer`, and then the page's `Origin`
 *   must be allowed, so another site's page cannot ride the cookie (cross-site WebSocket hijack);
 * - then the account's role on the document now: none is a 404, as over REST.
 */
export async function authorizeUpgrade(
  req: IncomingMessage,
  url: URL,
  docId: string,
  deps: UpgradeAuthDeps,
): Promise<UpgradeDecision> {
  let user: User | null = null;
  let credentialId: string;
  let credentialExpiresAt: number | null;
  let protocol: string | null = null;
  const offered = offeredToken(url, req);
  if (offered !== null) {
    const result = await deps.docTokens.verify(offered.token, docId);
    if (!result.ok) {
      if (result.reason === 'wrong_document') {
        return { ok: false, status: 403, reason: 'the token is for another document' };
      }
      return {
        ok: false,
        status: 401,
        reason: result.reason === 'expired' ? 'the token has expired' : 'the token is not valid',
      };
    }
    credentialId = result.claims.credentialId;
    const credential = await deps.sessions.live(credentialId);
    if (credential === null) {
      return { ok: false, status: 401, reason: 'the sign-in that issued the token has ended' };
    }
    credentialExpiresAt = credential.expiresAt;
    user = await deps.store.getUser(result.claims.userId);
    protocol = offered.protocol;
  } else {
    const secret = requestSecret(req);
    if (secret === null) return { ok: false, status: 401, reason: 'sign in first' };
    const origin = req.headers.origin;
    if (secret.via === 'cookie' && origin !== undefined) {
      if (!originAllowed(origin, requestOrigin(req), deps.allowedOrigins))
        return { ok: false, status: 403, reason: `origin ${origin} is not allowed` };
    }
    const found = await deps.sessions.authenticate(secret.secret);
    if (found === null) return { ok: false, status: 401, reason: 'the sign-in has ended' };
    user = found.user;
    credentialId = found.token.id;
    credentialExpiresAt = found.token.expiresAt;
  }
  if (user === null) return { ok: false, status: 401, reason: 'the account no longer exists' };
  if (user.disabledAt !== null)
    return { ok: false, status: 401, reason: 'the account is disabled' };
  const role = effectiveRole(
    { userId: user.id, isAdmin: user.isAdmin },
    await deps.store.getRole(docId, user.id),
  );
  if (role === null) return { ok: false, status: 404, reason: 'document not found' };
  return {
    ok: true,
    principal: {
      userId: user.id,
      name: user.name,
      color: user.color,
      role,
      credentialId,
      credentialExpiresAt,
    },
    protocol,
  };
}
