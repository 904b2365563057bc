import type { CommentThreadView } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  anchorInText,
  anchorStateIn,
  groupThreads,
  openCounts,
  upsertThread,
} from './comments-state';
import { isCommentShortcut } from './use-comments-ui';

const thread = (id: string, sectionId: string, more: Partial<CommentThreadView> = {}) =>
  ({
    id,
    sectionId,
    anchor: null,
    detached: false,
    authorId: 'u1',
    createdAt: `2026-01-01T00:00:0${id.length}Z`,
    resolvedAt: null,
    resolvedBy: null,
    comments: [],
    ...more,
  }) as CommentThreadView;

const sections = [
  { id: 'a', title: 'Context' },
  { id: 'b', title: 'Decision' },
  { id: 'c', title: 'Risks' },
];

describe('groupThreads', () => {
  const threads = [
    thread('t1', 'c'),
    thread('t2', 'a'),
    thread('t3', 'a', { resolvedAt: '2026-01-02T00:00:00Z' }),
    thread('t4', 'gone', { detached: true }),
    thread('t5', 'unknown'),
  ];

  it('groups open threads by section in document order, detached apart', () => {
    const groups = groupThreads(threads, sections, 'open');
    expect(groups.sections.map((g) => [g.title, g.threads.map((t) => t.id)])).toEqual([
      ['Context', ['t2']],
      ['Risks', ['t1']],
    ]);
    expect(groups.detached.map((t) => t.id)).toEqual(['t4', 't5']);
  });

  it('shows resolved threads only under the resolved filter', () => {
    const groups = groupThreads(threads, sections, 'resolved');
    expect(groups.sections.map((g) => [g.id, g.threads.map((t) => t.id)])).toEqual([['a', ['t3']]]);
    expect(groups.detached).toEqual([]);
  });

  it('counts open threads per section', () => {
    expect([...openCounts(threads)]).toEqual([
      ['c', 1],
      ['a', 1],
      ['unknown', 1],
    ]);
  });
});

describe('upsertThread', () => {
  it('replaces by id, or adds in creation order', () => {
    const one = thread('x', 'a', { createdAt: '2026-01-01T00:00:01Z' });
    const two = thread('y', 'a', { createdAt: '2026-01-01T00:00:00Z' });
    const list = upsertThread([one], two);
    expect(list.map((t) => t.id)).toEqual(['y', 'x']);
    const resolved = { ...one, resolvedAt: '2026-01-03T00:00:00Z' };
    expect(upsertThread(list, resolved)).toEqual([two, resolved]);
  });
});

describe('anchors', () => {
  it('is attached while the quote is there, removed once it is deleted', () => {
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    doc.getXmlFragment('content').insert(0, [paragraph]);
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    text.insert(0, 'We move card payments.');
    const anchor = anchorInText(text, 8, 12);
    expect(anchor.quote).toBe('card');
    expect(anchorStateIn(doc, anchor)).toBe('attached');
    // Typing before and right after the quote keeps it attached.
    text.insert(0, 'Now ');
    text.insert(16, '-like');
    expect(anchorStateIn(doc, anchor)).toBe('attached');
    text.delete(12, 4);
    expect(anchorStateIn(doc, anchor)).toBe('removed');
    expect(anchorStateIn(doc, { ...anchor, start: '!!' })).toBe('removed');
  });
});

describe('isCommentShortcut', () => {
  it('is Ctrl or Cmd with Alt and M', () => {
    const key = { ctrlKey: true, metaKey: false, altKey: true, shiftKey: false, code: 'KeyM' };
    expect(isCommentShortcut(key)).toBe(true);
    expect(isCommentShortcut({ ...key, ctrlKey: false, metaKey: true })).toBe(true);
    expect(isCommentShortcut({ ...key, altKey: false })).toBe(false);
  });
});
