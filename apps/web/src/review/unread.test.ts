import type { CommentThreadView } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import { isUnread, latestCommentAt, parseReads, unreadThreadIds, withRead } from './unread';

type Comment = CommentThreadView['comments'][number];
const comment = (id: string, authorId: string, createdAt: string, deleted = false): Comment => ({
  id,
  authorId,
  body: deleted ? '' : 'text',
  createdAt,
  editedAt: null,
  deleted,
});
const thread = (id: string, comments: Comment[]) =>
  ({
    id,
    sectionId: 's',
    anchor: null,
    detached: false,
    authorId: comments[0]?.authorId ?? 'x',
    createdAt: comments[0]?.createdAt ?? '2026-01-01T00:00:00.000Z',
    resolvedAt: null,
    resolvedBy: null,
    comments,
  }) as CommentThreadView;

const T1 = '2026-03-01T10:00:00.000Z';
const T2 = '2026-03-01T10:05:00.000Z';
const T3 = '2026-03-01T10:09:00.000Z';

describe('unread threads', () => {
  const byRita = thread('a', [comment('c1', 'rita', T1), comment('c2', 'me', T2)]);

  it('is unread when someone else wrote after my read, or I never read it', () => {
    expect(isUnread(byRita, undefined, 'me')).toBe(true);
    expect(isUnread(byRita, T1, 'me')).toBe(false);
    const later = thread('b', [comment('c1', 'me', T1), comment('c2', 'rita', T3)]);
    expect(isUnread(later, T2, 'me')).toBe(true);
    expect(isUnread(later, T3, 'me')).toBe(false);
  });

  it('does not count my own comments or deleted ones', () => {
    expect(isUnread(thread('c', [comment('c1', 'me', T3)]), undefined, 'me')).toBe(false);
    expect(isUnread(thread('d', [comment('c1', 'rita', T3, true)]), undefined, 'me')).toBe(false);
  });

  it('lists none when the server keeps no reads', () => {
    expect(unreadThreadIds([byRita], null, 'me').size).toBe(0);
    expect([...unreadThreadIds([byRita], new Map(), 'me')]).toEqual(['a']);
  });

  it('reads a thread up to its newest comment in the server clock, never backwards', () => {
    expect(latestCommentAt(byRita)).toBe(T2);
    const reads = withRead(new Map(), byRita);
    expect(reads?.get('a')).toBe(T2);
    expect(withRead(new Map([['a', T3]]), byRita)?.get('a')).toBe(T3);
    expect(withRead(null, byRita)).toBeNull();
    expect(unreadThreadIds([byRita], reads, 'me').size).toBe(0);
  });

  it('parses the answer of the comments endpoint', () => {
    expect(parseReads(undefined)).toBeNull();
    expect(parseReads([])).toBeNull();
    expect([...(parseReads({ a: T1, b: 'garbage', c: 4 }) ?? [])]).toEqual([['a', T1]]);
  });
});
