import type { NotificationView } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import {
  bellLabel,
  EMPTY_BELL,
  markedRead,
  notificationHref,
  parsePush,
  withList,
  withPush,
} from './state';

const n = (id: string, at: string, more: Partial<NotificationView> = {}): NotificationView => ({
  id,
  kind: 'mention',
  docId: 'doc1',
  docTitle: 'Payments',
  actorId: 'rita',
  actorName: 'Rita',
  threadId: null,
  sectionId: null,
  text: 'Rita mentioned you',
  at,
  readAt: null,
  ...more,
});

describe('the bell state', () => {
  it('merges the list with what was pushed meanwhile, newest first, each once', () => {
    const pushed = withPush(EMPTY_BELL, {
      kind: 'notification',
      notification: n('c', '2026-01-03T00:00:00Z'),
      unread: 3,
    });
    const state = withList(
      pushed,
      [n('b', '2026-01-02T00:00:00Z'), n('a', '2026-01-01T00:00:00Z')],
      2,
    );
    expect(state.items.map((i) => i.id)).toEqual(['c', 'b', 'a']);
    expect(state.unread).toBe(2);
    const again = withPush(state, {
      kind: 'notification',
      notification: n('b', '2026-01-02T00:00:00Z'),
      unread: 3,
    });
    expect(again.items.map((i) => i.id)).toEqual(['c', 'b', 'a']);
  });

  it('marks read what another tab read, or all', () => {
    const state = withList(
      EMPTY_BELL,
      [n('b', '2026-01-02T00:00:00Z'), n('a', '2026-01-01T00:00:00Z')],
      2,
    );
    const one = withPush(state, { kind: 'read', ids: ['a'], unread: 1 });
    expect(one.items.map((i) => i.readAt !== null)).toEqual([false, true]);
    expect(one.unread).toBe(1);
    const all = withPush(one, { kind: 'read', ids: 'all', unread: 0 });
    expect(all.items.every((i) => i.readAt !== null)).toBe(true);
    // The count on connect changes nothing else.
    expect(withPush(state, { kind: 'read', ids: [], unread: 7 })).toEqual({ ...state, unread: 7 });
    // An item read before keeps its time.
    const earlier = n('x', '2026-01-01T00:00:00Z', { readAt: '2026-01-01T01:00:00Z' });
    expect(markedRead([earlier], 'all', 'later')[0]?.readAt).toBe('2026-01-01T01:00:00Z');
  });

  it('reads only well-formed pushes', () => {
    expect(parsePush('{"kind":"read","ids":"all","unread":0}')).toEqual({
      kind: 'read',
      ids: 'all',
      unread: 0,
    });
    expect(parsePush('{"kind":"read","ids":"some","unread":0}')).toBeNull();
    expect(parsePush('{"kind":"notification","unread":1}')).toBeNull();
    expect(parsePush('not json')).toBeNull();
    expect(parsePush('null')).toBeNull();
  });

  it('links to the document, at the thread or the sign-off panel', () => {
    expect(notificationHref(n('a', '', { threadId: 'T_1-x' }))).toBe('/d/doc1#thread-T_1-x');
    expect(notificationHref(n('a', '', { kind: 'signoff_request' }))).toBe('/d/doc1#signoff');
    expect(notificationHref(n('a', '', { kind: 'approval' }))).toBe('/d/doc1#signoff');
    expect(notificationHref(n('a', '', { kind: 'reply' }))).toBe('/d/doc1');
    expect(bellLabel(0)).toBe('Notifications');
    expect(bellLabel(4)).toBe('Notifications, 4 unread');
  });
});
