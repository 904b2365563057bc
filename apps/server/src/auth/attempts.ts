/**
 * Failed sign-in attempts per key (an account's email, a client IP), counted in a sliding
 * window. Once a key has `limit` failures inside the window, every further attempt for it is
 * refused, right password or not, until the oldest failure leaves the window. Pure: the caller
 * passes the time, so tests need no clock.
 */
export interface AttemptLimits {
  /** Failures allowed inside the window. */
  limit: number;
  windowMs: number;
}

export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: AttemptLimits) {}

  /** Milliseconds until `key` may try again, or 0 if it may try now. */
  retryAfterMs(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.limits.limit) return 0;
    const oldest = recent[recent.length - this.limits.limit] ?? now;
    return Math.max(1, oldest + this.limits.windowMs - now);
  }

  recordFailure(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
  }

  /** A success does not wipe failures: a guessed password must not reset the count for others. */
  private recent(key: string, now: number): number[] {
    const all = this.failures.get(key);
    if (all === undefined) return [];
    const kept = all.filter((t) => t > now - this.limits.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else if (kept.length !== all.length) this.failures.set(key, kept);
    return kept;
  }

  /** Forget keys whose failures have all expired (called now and then to bound memory). */
  prune(now: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
  }
}
