import type pg from 'pg';
import {
  type ClaimResult,
  decideClaim,
  REQUEST_KEEP_MS,
  type RequestLog,
  type RequestRow,
  toRequestEntry,
} from '../requests.js';
import { inTransaction } from './pool.js';

/** RequestLog on PostgreSQL: a claim locks its key's row, so instances racing on a key agree. */
export class PgRequestLog implements RequestLog {
  constructor(private readonly pool: pg.Pool) {}

  async claim(userId: string, key: string, fingerprint: string, now: number): Promise<ClaimResult> {
    return inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM request_ids WHERE user_id = $1 AND claimed_at < $2', [
        userId,
        now - REQUEST_KEEP_MS,
      ]);
      // Insert a claim, or lock the one there: a racing attempt waits here, then sees ours.
      const inserted = await client.query(
        `INSERT INTO request_ids (user_id, key, fingerprint, claimed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, key) DO NOTHING`,
        [userId, key, fingerprint, now],
      );
      if (inserted.rowCount === 1) return { kind: 'claimed' } as const;
      const { rows } = await client.query<RequestRow>(
        `SELECT fingerprint, claimed_at, status, body FROM request_ids
         WHERE user_id = $1 AND key = $2 FOR UPDATE`,
        [userId, key],
      );
      const result = decideClaim(toRequestEntry(rows[0]), fingerprint, now);
      if (result.kind === 'claimed') {
        await client.query(
          `INSERT INTO request_ids (user_id, key, fingerprint, claimed_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (user_id, key) DO UPDATE SET claimed_at = excluded.claimed_at`,
          [userId, key, fingerprint, now],
        );
      }
      return result;
    });
  }

  async complete(userId: string, key: string, status: number, body: string): Promise<void> {
    await this.pool.query(
      'UPDATE request_ids SET status = $3, body = $4 WHERE user_id = $1 AND key = $2',
      [userId, key, status, body],
    );
  }

  async release(userId: string, key: string): Promise<void> {
    await this.pool.query(
      'DELETE FROM request_ids WHERE user_id = $1 AND key = $2 AND status IS NULL',
      [userId, key],
    );
  }
}
