import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { DOC_TOKEN_TTL_SECONDS, DocTokens, loadSecret } from './doc-token.js';

const secret = new Uint8Array(32).fill(7);

describe('document tokens', () => {
  it('[AU4] a token opens only its document, until it expires', async () => {
    const tokens = new DocTokens(secret);
    const now = Date.UTC(2026, 10, 29, 12);
    const { token, expiresAt } = await tokens.issue(
      { userId: 'u1', docId: 'd1', credentialId: 's1' },
      now,
    );
    expect(expiresAt).toBe(now + DOC_TOKEN_TTL_SECONDS * 1000);
    expect(await tokens.verify(token, 'd1', now + 1000)).toEqual({
      ok: true,
      claims: { userId: 'u1', docId: 'd1', credentialId: 's1' },
    });
    expect(await tokens.verify(token, 'd2', now)).toEqual({ ok: false, reason: 'wrong_document' });
    expect(await tokens.verify(token, 'd1', expiresAt + 1000)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('[AU5] refuses other signatures, algorithms and garbage', async () => {
    const tokens = new DocTokens(secret);
    const other = new DocTokens(new Uint8Array(32).fill(8));
    const { token } = await other.issue({ userId: 'u1', docId: 'd1', credentialId: 's1' });
    expect(await tokens.verify(token, 'd1')).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verify('not.a.jwt', 'd1')).toEqual({ ok: false, reason: 'invalid' });
    const [header, payload] = (
      await tokens.issue({ userId: 'u1', docId: 'd1', credentialId: 's1' })
    ).token.split('.');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(header).toBeDefined();
    expect(await tokens.verify(unsigned, 'd1')).toEqual({ ok: false, reason: 'invalid' });
    // Right key, but not one of ours (no audience): refused.
    const foreign = await new SignJWT({ doc: 'd1' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setExpirationTime('5m')
      .sign(secret);
    expect(await tokens.verify(foreign, 'd1')).toEqual({ ok: false, reason: 'invalid' });
    expect(() => new DocTokens(new Uint8Array(8))).toThrow(/32 bytes/);
  });

  it('keeps a generated secret under the data directory across restarts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ratify-secret-'));
    try {
      const first = loadSecret(null, dir);
      expect(first.byteLength).toBe(32);
      expect(Buffer.from(loadSecret(null, dir)).equals(Buffer.from(first))).toBe(true);
      expect((await stat(path.join(dir, 'session-secret'))).mode & 0o777).toBe(0o600);
      expect(new TextDecoder().decode(loadSecret('from-env-'.repeat(4), dir))).toBe(
        'from-env-'.repeat(4),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
