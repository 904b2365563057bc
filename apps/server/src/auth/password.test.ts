import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from './attempts.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';

describe('passwords', () => {
  it('[AU1] hashes with a per-user salt and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toContain('correct');
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'scrypt$1$1$1$$')).toBe(false);
    expect(await verifyPassword('correct horse battery', 'plain')).toBe(false);
  });

  it('[AU2] refuses short, common and self-describing passwords', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('Password123')).toMatch(/too common/);
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/repeated/);
    expect(passwordProblem('ada.lovelace', { email: 'ada.lovelace@example.org' })).toMatch(/email/);
    expect(passwordProblem('Ada Lovelace', { name: 'ada lovelace' })).toMatch(/name/);
    expect(passwordProblem('x'.repeat(300))).toMatch(/at most/);
    expect(passwordProblem('tidal-orbit-lantern')).toBeNull();
  });
});

describe('sign-in attempts', () => {
  it('[AU3] the 11th failure inside a minute is refused until the window moves on', () => {
    const limiter = new AttemptLimiter({ limit: 10, windowMs: 60_000 });
    for (let i = 0; i < 10; i++) {
      expect(limiter.retryAfterMs('ada@example.org', 1000 + i)).toBe(0);
      limiter.recordFailure('ada@example.org', 1000 + i);
    }
    expect(limiter.retryAfterMs('ada@example.org', 2000)).toBe(59_000);
    expect(limiter.retryAfterMs('bob@example.org', 2000)).toBe(0);
    // The first failure leaves the window at 61 000: one more attempt is allowed then.
    expect(limiter.retryAfterMs('ada@example.org', 60_999)).toBe(1);
    expect(limiter.retryAfterMs('ada@example.org', 61_000)).toBe(0);
    limiter.prune(200_000);
    expect(limiter.retryAfterMs('ada@example.org', 200_000)).toBe(0);
  });
});
