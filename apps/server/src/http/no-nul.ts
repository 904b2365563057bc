import type { RequestHandler } from 'express';
import { errorBody } from './errors.js';

/** Whether any string in a parsed JSON value (keys included) holds the NUL character. */
export function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((v) => holdsNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || holdsNul(v, depth + 1));
}

/**
 * Refuse a JSON body with a NUL character (U+0000) in any of its text: no text Ratify keeps
 * needs one, and PostgreSQL cannot store it, so both backends give the same clear 400.
 */
export const refuseNul: RequestHandler = (req, res, next) => {
  if (holdsNul(req.body)) {
    res
      .status(400)
      .json(errorBody('invalid_text', 'text must not contain the NUL character (U+0000)'));
    return;
  }
  next();
};
