import { DOC_ID_PATTERN } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import { newDocId, newId } from './ids.js';

describe('ids', () => {
  it('[CLI16] a new id never begins with "-" or "_", so the CLI never reads it as an option', () => {
    // Unrestricted base64url starts with one of the two 1 time in 32: among 4,000 draws one
    // would turn up with near certainty (1 - (62/64)^4000).
    for (let i = 0; i < 4000; i++) {
      const id = newDocId();
      expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{15}$/);
      expect(id).toMatch(DOC_ID_PATTERN);
      expect(newId(6)).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{7}$/);
    }
  });
});
