import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { RequestLog } from '../storage/requests.js';
import { HttpError } from './errors.js';

/** The request header that names a request, so its retries are applied once. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Set on a response that is a stored one, returned for a retry. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

const KEY = /^[\x21-\x7e]{1,128}$/;

/**
 * Run `handle` at most once per `Idempotency-Key` of the account: a retry of a request that
 * finished gets its response again (with `Idempotent-Replayed: true`), one sent while it still
 * runs gets 409 with Retry-After, and the same key on a different request gets 422. Without the
 * header the request just runs. Only successful responses are kept: after an error the client
 * may retry with the same key.
 */
export async function idempotent(
  log: RequestLog,
  req: Request,
  res: Response,
  userId: string,
  handle: () => Promise<void>,
): Promise<void> {
  const key = req.get(IDEMPOTENCY_HEADER);
  if (key === undefined) return handle();
  if (!KEY.test(key)) {
    throw new HttpError(
      400,
      'invalid_idempotency_key',
      `${IDEMPOTENCY_HEADER} must be 1 to 128 visible ASCII characters`,
    );
  }
  const fingerprint = createHash('sha256')
    .update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`)
    .digest('base64url');
  const claim = await log.claim(userId, key, fingerprint, Date.now());
  if (claim.kind === 'done') {
    res.set(REPLAYED_HEADER, 'true').status(claim.status).type('application/json').send(claim.body);
    return;
  }
  if (claim.kind === 'in_progress') {
    throw new HttpError(
      409,
      'request_in_progress',
      'a request with this Idempotency-Key is still being handled: retry shortly',
      { 'Retry-After': '1' },
    );
  }
  if (claim.kind === 'mismatch') {
    throw new HttpError(
      422,
      'idempotency_key_reused',
      'this Idempotency-Key was used for a different request',
    );
  }
  let captured: { status: number; body: string } | null = null;
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    if (res.statusCode >= 200 && res.statusCode < 300) {
      captured = { status: res.statusCode, body: JSON.stringify(body) };
    }
    return json(body);
  };
  try {
    await handle();
  } catch (error) {
    await log.release(userId, key);
    throw error;
  }
  const done = captured as { status: number; body: string } | null;
  if (done === null) await log.release(userId, key);
  else await log.complete(userId, key, done.status, done.body);
}
