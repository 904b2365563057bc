import { mentionedUserIds, mentionToken } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import {
  decodeMentions,
  encodeMentions,
  insertMention,
  matchingMembers,
  mentionName,
  mentionQueryAt,
} from './mentions';

const members = [
  { userId: 'u-rita', name: 'Rita Moreno' },
  { userId: 'u-sam', name: 'Sam' },
  { userId: 'u-samantha', name: 'Samantha Lee' },
  { userId: 'u-evil', name: '<img src=x onerror=alert(1)>' },
  { userId: 'u-self', name: 'Olivia' },
];

describe('mentionQueryAt', () => {
  it('finds the @query the caret ends, at the start of a word only', () => {
    expect(mentionQueryAt('Hi @Ri', 6)).toEqual({ start: 3, end: 6, query: 'Ri' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, end: 1, query: '' });
    expect(mentionQueryAt('(@Sa', 4)).toEqual({ start: 1, end: 4, query: 'Sa' });
    expect(mentionQueryAt('Hi @Rita Mo', 11)?.query).toBe('Rita Mo');
    expect(mentionQueryAt('mail bob@example', 16)).toBeNull();
    expect(mentionQueryAt('@Rita\nnext', 10)).toBeNull();
    expect(mentionQueryAt('@ space', 7)).toBeNull();
    expect(mentionQueryAt('no mention', 10)).toBeNull();
    // The caret in the middle: the query is what is before it.
    expect(mentionQueryAt('@Ritaxyz', 3)).toEqual({ start: 0, end: 3, query: 'Ri' });
  });
});

describe('matchingMembers', () => {
  it('matches a name or a word of it, case-insensitively, leaving out oneself', () => {
    expect(matchingMembers(members, 'sam').map((m) => m.userId)).toEqual(['u-sam', 'u-samantha']);
    expect(matchingMembers(members, 'mor').map((m) => m.userId)).toEqual(['u-rita']);
    expect(matchingMembers(members, '', { exclude: 'u-self' })).toHaveLength(4);
    expect(matchingMembers(members, 'oli', { exclude: 'u-self' })).toEqual([]);
    expect(matchingMembers(members, '<img').map((m) => m.userId)).toEqual(['u-evil']);
    expect(matchingMembers(members, '', { limit: 2 })).toHaveLength(2);
  });
});

describe('insertMention', () => {
  it('replaces the query by @Name and a space, and puts the caret after it', () => {
    const text = 'Ask @ri about it';
    const q = mentionQueryAt(text, 7);
    if (!q) throw new Error('no query');
    expect(insertMention(text, q, { name: 'Rita Moreno' })).toEqual({
      text: 'Ask @Rita Moreno about it',
      caret: 17,
    });
    const end = mentionQueryAt('cc @sa', 6);
    if (!end) throw new Error('no query');
    expect(insertMention('cc @sa', end, { name: 'Sam' })).toEqual({ text: 'cc @Sam ', caret: 8 });
  });
});

describe('encodeMentions and decodeMentions', () => {
  it('makes tokens of picked members only, whole names, longest first', () => {
    const picked = [
      { name: 'Sam', userId: 'u-sam' },
      { name: 'Samantha Lee', userId: 'u-samantha' },
    ];
    const body = encodeMentions('@Sam and @Samantha Lee, not @Samuel or @Rita', picked);
    expect(body).toBe(
      `${mentionToken('Sam', 'u-sam')} and ${mentionToken('Samantha Lee', 'u-samantha')}, not @Samuel or @Rita`,
    );
    expect(mentionedUserIds(body)).toEqual(['u-sam', 'u-samantha']);
    // Nothing picked: the text as typed.
    expect(encodeMentions('@Sam hi', [])).toBe('@Sam hi');
    // An @ inside a word is not a mention.
    expect(encodeMentions('x@Sam', picked)).toBe('x@Sam');
  });

  it('round-trips a stored body through the box', () => {
    const body = `Thanks ${mentionToken('Rita Moreno', 'u-rita')}! cc ${mentionToken('Sam', 'u-sam')}`;
    const shown = decodeMentions(body);
    expect(shown.text).toBe('Thanks @Rita Moreno! cc @Sam');
    expect(encodeMentions(shown.text, shown.mentions)).toBe(body);
  });

  it('keeps hostile names harmless: brackets, newlines, markup and regex characters', () => {
    const hostile = [
      { name: 'Evil](user:u-admin) @[x', userId: 'u-evil' },
      { name: 'Line\nbreak', userId: 'u-line' },
      { name: 'a.*+?^$ {}()|[]\\/b', userId: 'u-regex' },
      { name: '<script>alert(1)</script>', userId: 'u-script' },
    ];
    for (const member of hostile) {
      const q = mentionQueryAt('@', 1);
      if (!q) throw new Error('no query');
      const typed = insertMention('@', q, member).text;
      const body = encodeMentions(typed, [
        { name: mentionName(member.name), userId: member.userId },
      ]);
      // Exactly one mention, of exactly this member: a name cannot smuggle in another id.
      expect(mentionedUserIds(body)).toEqual([member.userId]);
      expect(decodeMentions(body).mentions).toEqual([
        { name: mentionName(member.name), userId: member.userId },
      ]);
    }
    expect(mentionName('Evil](user:u-admin)')).toBe('Evil (user:u-admin)');
    expect(mentionName('Line\nbreak')).toBe('Line break');
  });
});
