import { ApiError } from './api';

/** The server's message as a sentence ("wrong email or password" → "Wrong email or password."). */
export function sentence(message: string): string {
  const text = message.trim();
  if (!text) return 'Something went wrong.';
  const capitalised = (text[0] ?? '').toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** What to tell the user about a failed request. */
export function messageOf(error: unknown): string {
  return error instanceof ApiError ? sentence(error.message) : 'Something went wrong.';
}
