import { createFromTemplate, markdownToDoc, reviewSchema } from '@ratify/schema';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Transform } from '@tiptap/pm/transform';
import { describe, expect, it } from 'vitest';
import { outlineOf } from './outline';
import {
  type BlockCountCache,
  type ChecklistCounts,
  checklistProgress,
  describeCounts,
  newBlockCountCache,
  sameProgress,
  settledShare,
} from './progress';

const fromMarkdown = (md: string) => reviewSchema.nodeFromJSON(markdownToDoc(md));

const MD = [
  '# Review',
  '',
  '- [x] top level',
  '',
  '## One',
  '',
  '- [ ] a',
  '- [x] b',
  '',
  '### One A',
  '',
  '- [-] c',
  '- [x] d',
  '',
  '## Two',
  '',
  'no items here',
  '',
].join('\n');

function countsByTitle(doc: PMNode, cache = newBlockCountCache()) {
  const progress = checklistProgress(doc, cache);
  const byTitle = Object.fromEntries(
    outlineOf(doc).map((entry) => [entry.title, progress.sections.get(entry.id)]),
  );
  return { progress, byTitle };
}

describe('checklist progress', () => {
  it('counts the document and each section, an H2 including its H3s', () => {
    const { progress, byTitle } = countsByTitle(fromMarkdown(MD));
    expect(progress.document).toEqual({ total: 5, done: 3, notApplicable: 1, open: 1 });
    expect(byTitle.Review).toEqual({ total: 5, done: 3, notApplicable: 1, open: 1 });
    expect(byTitle.One).toEqual({ total: 4, done: 2, notApplicable: 1, open: 1 });
    expect(byTitle['One A']).toEqual({ total: 2, done: 1, notApplicable: 1, open: 0 });
    expect(byTitle.Two).toEqual({ total: 0, done: 0, notApplicable: 0, open: 0 });
  });

  it('counts the 119 items of the template', () => {
    const doc = reviewSchema.nodeFromJSON(createFromTemplate('technical-architecture-framework'));
    const { progress } = countsByTitle(doc);
    expect(progress.document.total).toBe(119);
    expect(describeCounts(progress.document)).toBe('0 of 119 done');
  });

  it('follows state changes and re-counts only the blocks that changed', () => {
    const doc = fromMarkdown(MD);
    const cache = newBlockCountCache();
    const before = checklistProgress(doc, cache);
    // Mark item "a" done: find it and replace its attrs, as the editor would.
    let pos = -1;
    doc.descendants((node, p) => {
      if (node.type.name === 'checklistItem' && node.textContent === 'a') pos = p;
      return pos < 0;
    });
    const node = doc.nodeAt(pos);
    if (!node) throw new Error('no item');
    const edited = new Transform(doc).setNodeMarkup(pos, undefined, {
      ...node.attrs,
      state: 'done',
    }).doc;
    let walked = 0;
    const spy = {
      get: (key: PMNode) => cache.get(key),
      set: (key: PMNode, value: ChecklistCounts) => {
        walked++;
        return cache.set(key, value);
      },
    } as BlockCountCache;
    const after = checklistProgress(edited, spy);
    expect(after.document).toEqual({ total: 5, done: 4, notApplicable: 1, open: 0 });
    expect(sameProgress(after, before)).toBe(false);
    expect(sameProgress(checklistProgress(doc, cache), before)).toBe(true);
    // Only the checklist that holds "a" was counted again.
    expect(walked).toBe(1);
  });

  it('describes counts for people', () => {
    expect(describeCounts({ total: 119, done: 12, notApplicable: 8, open: 99 })).toBe(
      '12 of 119 done, 8 not applicable',
    );
    expect(describeCounts({ total: 0, done: 0, notApplicable: 0, open: 0 })).toBe(
      'No checklist items',
    );
    expect(settledShare({ total: 4, done: 1, notApplicable: 1, open: 2 })).toBe(0.5);
  });
});
