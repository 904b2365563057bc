import { randomBytes } from 'node:crypto';

/**
 * A random id (base64url). It never begins with `-` or `_`, so it can be passed to the CLI
 * (`ratify verify ID`) without being read as an option.
 */
export const newId = (bytes = 12): string => {
  for (;;) {
    const id = randomBytes(bytes).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
};

/** 16 URL-safe characters (96 random bits, never a leading `-`); always matches DOC_ID_PATTERN. */
export const newDocId = (): string => newId(12);
