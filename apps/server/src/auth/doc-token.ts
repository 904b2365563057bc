import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';

/**
 * Short-lived, document-scoped tokens for websocket clients that have no session cookie (any
 * unmodified y-websocket client): an HS256 JWT naming the user and the one document it opens.
 * The role is not in the token: the server looks it up when the connection opens, so a token
 * minted before a downgrade cannot carry the old role.
 */
export const DOC_TOKEN_TTL_SECONDS = 10 * 60;
const ISSUER = 'ratify';
const AUDIENCE = 'ratify-sync';

export interface DocTokenClaims {
  userId: string;
  docId: string;
  /**
   * The session or API token it was minted with: ending that credential (sign-out, password
   * change, revocation) ends the connections this token opened and refuses it from then on.
   */
  credentialId: string;
}

export type DocTokenResult =
  | { ok: true; claims: DocTokenClaims }
  | { ok: false; reason: 'expired' | 'invalid' | 'wrong_document' };

export class DocTokens {
  private readonly key: Uint8Array;

  constructor(secret: Uint8Array) {
    if (secret.byteLength < 32) throw new Error('the token secret must be at least 32 bytes');
    this.key = secret;
  }

  async issue(
    claims: DocTokenClaims,
    now = Date.now(),
  ): Promise<{ token: string; expiresAt: number }> {
    const iat = Math.floor(now / 1000);
    const exp = iat + DOC_TOKEN_TTL_SECONDS;
    const token = await new SignJWT({ doc: claims.docId, sid: claims.credentialId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: exp * 1000 };
  }

  /** Check signature, expiry and that the token is for `docId`. */
  async verify(token: string, docId: string, now = Date.now()): Promise<DocTokenResult> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: new Date(now),
        requiredClaims: ['sub', 'exp', 'doc', 'sid'],
      });
      const { sub, doc, sid } = payload;
      if (typeof sub !== 'string' || typeof doc !== 'string' || typeof sid !== 'string') {
        return { ok: false, reason: 'invalid' };
      }
      if (doc !== docId) return { ok: false, reason: 'wrong_document' };
      return { ok: true, claims: { userId: sub, docId: doc, credentialId: sid } };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
      return { ok: false, reason: 'invalid' };
    }
  }
}

/**
 * The server's signing secret: SESSION_SECRET when set, else one generated on first start and
 * kept (mode 0600) under the data directory, so tokens survive a restart.
 */
export function loadSecret(configured: string | null, dataDir: string): Uint8Array {
  if (configured !== null) return new TextEncoder().encode(configured);
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('base64url'), { mode: 0o600, flag: 'wx' });
  return secret;
}
