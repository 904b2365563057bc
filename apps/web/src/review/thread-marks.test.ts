import { markdownToDoc, reviewSchema, sectionsOf } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import { threadCountBadge, threadCountDecorations, threadCountLabel } from './thread-marks';

describe('thread counts beside headings', () => {
  it('puts one widget at the end of each heading with open threads, none elsewhere', () => {
    const json = markdownToDoc('# Title\n\n## Context\n\nText.\n\n## Risks\n\nMore.\n');
    const doc = reviewSchema.nodeFromJSON(json);
    const [title, context, risks] = sectionsOf(json);
    if (!title || !context || !risks) throw new Error('sections missing');
    const set = threadCountDecorations(
      doc,
      new Map([
        [context.id, 2],
        [risks.id, 0],
        ['gone', 4],
      ]),
    );
    const found = set.find();
    expect(found).toHaveLength(1);
    const [decoration] = found;
    if (!decoration) throw new Error('no decoration');
    // At the end of the "Context" heading's text: inside the heading, after its last character.
    const $pos = doc.resolve(decoration.from);
    expect($pos.parent.type.name).toBe('heading');
    expect($pos.parent.textContent).toBe('Context');
    expect($pos.parentOffset).toBe('Context'.length);
    expect((decoration.spec as { key: string }).key).toBe(`threads:${context.id}:2`);
    // A decoration, not content: the document is unchanged.
    expect(doc.toJSON()).toEqual(reviewSchema.nodeFromJSON(json).toJSON());
  });

  it('says how many in words', () => {
    expect(threadCountLabel(1)).toBe('1 open comment thread');
    expect(threadCountLabel(3)).toBe('3 open comment threads');
    expect(threadCountBadge(1)).toBe('1 comment');
    expect(threadCountBadge(2)).toBe('2 comments');
  });
});
