import { describe, expect, it } from 'vitest';
import { signoffProblem } from './rules.js';

const ok = { currentHash: 'h', givenHash: 'h', isReviewer: true, present: true };

describe('sign-off rules', () => {
  it('[SO2] only a present required reviewer who saw the current text signs', () => {
    expect(signoffProblem(ok, 's')).toBeNull();
    expect(signoffProblem({ ...ok, currentHash: null }, 's')?.code).toBe('section_not_found');
    expect(signoffProblem({ ...ok, isReviewer: false }, 's')).toMatchObject({
      status: 403,
      code: 'not_a_reviewer',
    });
    expect(signoffProblem({ ...ok, present: false }, 's')).toMatchObject({
      status: 409,
      code: 'not_present',
    });
    expect(signoffProblem({ ...ok, givenHash: 'old' }, 's')).toMatchObject({
      status: 409,
      code: 'stale_content',
    });
    // A non-reviewer learns nothing more: not whether they are present or the text is current.
    expect(
      signoffProblem({ ...ok, isReviewer: false, present: false, givenHash: 'old' }, 's')?.code,
    ).toBe('not_a_reviewer');
  });
});
