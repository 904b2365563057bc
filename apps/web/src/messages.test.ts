import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { messageOf, sentence } from './messages';

describe('messages', () => {
  it("turns the server's messages into sentences", () => {
    expect(sentence('wrong email or password')).toBe('Wrong email or password.');
    expect(sentence('The file is empty.')).toBe('The file is empty.');
    expect(sentence('  ')).toBe('Something went wrong.');
    expect(messageOf(new ApiError(401, 'invalid_credentials', 'wrong email or password'))).toBe(
      'Wrong email or password.',
    );
    expect(messageOf(new Error('boom'))).toBe('Something went wrong.');
  });
});
