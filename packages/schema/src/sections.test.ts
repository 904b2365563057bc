import type { JSONContent } from '@tiptap/core';
import { describe, expect, test } from 'vitest';
import { markdownToDoc } from './markdown/index.js';
import { sectionMarkdown } from './section-markdown.js';
import { canonicalSectionContent, sectionRange, sectionsOf, sha256Hex } from './sections.js';
import { createFromTemplate } from './templates/index.js';
import { appendChangeLogRow, jsonToYDoc, yDocToJSON } from './yjs.js';

const MD = '# Title\n\n## One\n- [ ] a\n### One.One\n- Field: x\n\n## Two\ntext\n';

function withText(doc: JSONContent, from: string, to: string): JSONContent {
  return JSON.parse(JSON.stringify(doc).replace(`"text":"${from}"`, `"text":"${to}"`));
}

describe('sectionsOf', () => {
  test('[SEC1] lists every heading with its id, title and level, in order', () => {
    const doc = markdownToDoc(MD);
    const sections = sectionsOf(doc);
    expect(sections.map(({ title, level }) => [title, level])).toEqual([
      ['Title', 1],
      ['One', 2],
      ['One.One', 3],
      ['Two', 2],
    ]);
    const headingIds = (doc.content ?? [])
      .filter((b) => b.type === 'heading')
      .map((b) => b.attrs?.id);
    expect(sections.map((s) => s.id)).toEqual(headingIds);
    for (const section of sections) expect(section.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('[SEC2] the template has one section per heading, 44 in all', () => {
    const sections = sectionsOf(createFromTemplate('technical-architecture-framework'));
    expect(sections).toHaveLength(44);
    expect(new Set(sections.map((s) => s.id)).size).toBe(44);
    expect(sections[1]).toMatchObject({ title: 'System Overview', level: 2 });
  });

  test('[SEC3] an H2 section holds its H3s; the hash is the SHA-256 of the canonical content', () => {
    const doc = markdownToDoc(MD);
    const [, one, oneOne, two] = sectionsOf(doc);
    const range = sectionRange(doc, one?.id ?? '');
    expect(range).toMatchObject({ startIndex: 1, endIndex: 5 });
    expect(sectionRange(doc, oneOne?.id ?? '')).toMatchObject({ startIndex: 3, endIndex: 5 });
    expect(sectionRange(doc, two?.id ?? '')).toMatchObject({ startIndex: 5, endIndex: 7 });
    expect(one?.contentHash).toBe(sha256Hex(canonicalSectionContent(doc, one?.id ?? '') ?? ''));
    expect(sectionRange(doc, 'missing')).toBeNull();
  });

  test('[SEC4] positions cover exactly the section blocks', () => {
    const doc = markdownToDoc(MD);
    const [, , , two] = sectionsOf(doc);
    const range = sectionRange(doc, two?.id ?? '');
    expect(range?.to).toBeGreaterThan(range?.from ?? 0);
    // The heading "Two" (3 + 2) plus the paragraph "text" (4 + 2).
    expect((range?.to ?? 0) - (range?.from ?? 0)).toBe(11);
  });
});

describe('contentHash', () => {
  test('[SEC5] is stable across ids, key order and who changed an item', () => {
    const doc = markdownToDoc(MD);
    const again = markdownToDoc(MD);
    const hashes = (d: JSONContent) => sectionsOf(d).map((s) => s.contentHash);
    expect(hashes(again)).toEqual(hashes(doc));
    const changedBy = JSON.parse(
      JSON.stringify(doc).replace('"changedBy":null', '"changedBy":"Ana"'),
    );
    expect(hashes(changedBy)).toEqual(hashes(doc));
  });

  test('[SEC5] changes when the section content changes, and only for enclosing sections', () => {
    const doc = markdownToDoc(MD);
    const before = sectionsOf(doc).map((s) => s.contentHash);
    const after = sectionsOf(withText(doc, 'x', 'y')).map((s) => s.contentHash);
    // Title and One contain the edited field (in One.One); Two does not.
    expect(after.map((hash, i) => hash !== before[i])).toEqual([true, true, true, false]);
  });

  test('[SEC5] a checklist state change changes the hash', () => {
    const doc = markdownToDoc(MD);
    const done = JSON.parse(JSON.stringify(doc).replace('"state":"open"', '"state":"done"'));
    expect(sectionsOf(done)[1]?.contentHash).not.toBe(sectionsOf(doc)[1]?.contentHash);
  });

  test('[SEC8] a section as Markdown is its heading and blocks', () => {
    const doc = markdownToDoc('# Doc\n\n## Context\n\nThe ledger.\n\n## Decision\n\nQueues.\n');
    const context = sectionsOf(doc).find((s) => s.title === 'Context')?.id as string;
    expect(sectionMarkdown(doc, context)).toBe('## Context\nThe ledger.\n');
    expect(sectionMarkdown(doc, 'nope')).toBeNull();
  });

  test("[SEC7] the change log is not content: an approval's row leaves every hash as it was", () => {
    const doc = createFromTemplate('technical-architecture-framework');
    const before = sectionsOf(doc);
    const ydoc = jsonToYDoc(doc);
    expect(appendChangeLogRow(ydoc, ['2026-11-29', '1.0', 'First approval', 'Ada'])).toBe(true);
    expect(sectionsOf(yDocToJSON(ydoc)).map((s) => s.contentHash)).toEqual(
      before.map((s) => s.contentHash),
    );
    // Nor is it in a section's Markdown (what a stale sign-off's changes are computed from).
    const after = yDocToJSON(ydoc);
    for (const section of before) {
      expect(sectionMarkdown(after, section.id)).toBe(sectionMarkdown(doc, section.id));
      expect(sectionMarkdown(after, section.id)).not.toContain('First approval');
    }
  });

  test('[SEC6] canonical content is sorted-key JSON without ids', () => {
    const doc = markdownToDoc('## A\n- [x] b\n');
    const id = sectionsOf(doc)[0]?.id ?? '';
    expect(canonicalSectionContent(doc, id)).toBe(
      '[{"attrs":{"level":2},"content":[{"text":"A","type":"text"}],"type":"heading"},' +
        '{"content":[{"attrs":{"state":"done"},"content":[{"text":"b","type":"text"}],"type":"checklistItem"}],"type":"checklist"}]',
    );
  });
});
