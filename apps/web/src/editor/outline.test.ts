import { markdownToDoc, reviewSchema, sectionsOf } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import { outlineOf, sectionIdAt } from './outline';

const doc = reviewSchema.nodeFromJSON(
  markdownToDoc(
    'intro\n\n# Title\n\n## One\n\ntext\n\n### One A\n\n- [ ] item\n\n## Two\n\nmore\n',
  ),
);

describe('outline', () => {
  it('lists the same sections as sectionsOf', () => {
    const outline = outlineOf(doc);
    expect(outline.map(({ id, title, level }) => ({ id, title, level }))).toEqual(
      sectionsOf(doc).map(({ id, title, level }) => ({ id, title, level })),
    );
    expect(outline.map((e) => e.title)).toEqual(['Title', 'One', 'One A', 'Two']);
  });

  it('finds the innermost section at a position', () => {
    const outline = outlineOf(doc);
    const [title, one, oneA, two] = outline;
    expect(sectionIdAt(doc, 1)).toBeNull();
    expect(sectionIdAt(doc, (title?.pos ?? 0) + 1)).toBe(title?.id);
    expect(sectionIdAt(doc, (one?.pos ?? 0) + 2)).toBe(one?.id);
    expect(sectionIdAt(doc, (oneA?.pos ?? 0) + 12)).toBe(oneA?.id);
    expect(sectionIdAt(doc, doc.content.size - 1)).toBe(two?.id);
  });
});
