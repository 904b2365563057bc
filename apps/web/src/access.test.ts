import { describe, expect, it } from 'vitest';
import { readOnlyReasonFor } from './access';

describe('readOnlyReasonFor', () => {
  it('explains read-only roles and lets the others edit', () => {
    expect(readOnlyReasonFor('viewer')).toBe('Read-only — you are a viewer');
    expect(readOnlyReasonFor('commenter')).toBe('Read-only — you are a commenter');
    expect(readOnlyReasonFor('editor')).toBeNull();
    expect(readOnlyReasonFor('owner')).toBeNull();
    expect(readOnlyReasonFor(null)).toBeNull();
  });
});
