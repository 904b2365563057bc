/**
 * Request ids (the `Idempotency-Key` header): a retried request is applied once. The first
 * attempt claims its key; a retry of a finished attempt gets the stored response back; a retry
 * while it runs is told to wait; a claim whose attempt died (older than `REQUEST_STALE_MS` and
 * never finished) is taken over. Keys are per account, kept for `REQUEST_KEEP_MS`.
 */

/** A claim this old without a response belongs to an attempt that died: a retry runs again. */
export const REQUEST_STALE_MS = 30_000;
/** How long a finished request's response is kept for its retries. */
export const REQUEST_KEEP_MS = 24 * 60 * 60 * 1000;

export interface RequestEntry {
  /** What the request asked for (method, path, body), so a key reused for another is refused. */
  fingerprint: string;
  claimedAt: number;
  /** The response, once the attempt finished; null while it runs. */
  status: number | null;
  body: string | null;
}

export type ClaimResult =
  | { kind: 'claimed' }
  | { kind: 'done'; status: number; body: string }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

/** What a claim on a key comes to, given what is stored under it (both backends use this). */
export function decideClaim(
  existing: RequestEntry | null,
  fingerprint: string,
  now: number,
): ClaimResult {
  if (existing === null) return { kind: 'claimed' };
  if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
  if (existing.status !== null && existing.body !== null) {
    return { kind: 'done', status: existing.status, body: existing.body };
  }
  return now - existing.claimedAt >= REQUEST_STALE_MS
    ? { kind: 'claimed' }
    : { kind: 'in_progress' };
}

export interface RequestLog {
  /**
   * Claim `key` for the account, atomically: of two attempts racing on one key, one is
   * `claimed` and the other sees it `in_progress`. A claim also forgets the account's keys
   * older than REQUEST_KEEP_MS.
   */
  claim(userId: string, key: string, fingerprint: string, now: number): Promise<ClaimResult>;
  /** The attempt finished with this response: retries get it back. */
  complete(userId: string, key: string, status: number, body: string): Promise<void>;
  /** The attempt failed: a retry runs it again. */
  release(userId: string, key: string): Promise<void>;
}

export interface RequestRow {
  fingerprint: string;
  claimed_at: number | string;
  status: number | null;
  body: string | null;
}

export function toRequestEntry(row: RequestRow | undefined): RequestEntry | null {
  if (row === undefined) return null;
  return {
    fingerprint: row.fingerprint,
    claimedAt: Number(row.claimed_at),
    status: row.status,
    body: row.body,
  };
}
