import { describe, expect, test } from 'vitest';
import { mentionedUserIds, mentionToken } from './notifications.js';

describe('mentions', () => {
  test('[NT0] a mention token carries the id and reads back once per user', () => {
    const body = `Hi ${mentionToken('Ada Lovelace', 'u_1')} and ${mentionToken('Bob', 'u-2')}, ${mentionToken('Ada', 'u_1')}`;
    expect(body).toContain('@[Ada Lovelace](user:u_1)');
    expect(mentionedUserIds(body)).toEqual(['u_1', 'u-2']);
  });

  test('[NT0] a name cannot break out of its token', () => {
    const token = mentionToken('Eve](user:admin) [x', 'u_3');
    expect(mentionedUserIds(token)).toEqual(['u_3']);
  });

  test('[NT0] text that only looks like a mention names nobody', () => {
    expect(mentionedUserIds('@Ada, [Ada](user:) and @[Ada](https://x)')).toEqual([]);
  });
});
