import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JSONContent } from '@tiptap/core';
import { describe, expect, test } from 'vitest';
import { withoutNodeIds } from './ids.js';
import { docToMarkdown, markdownToDoc } from './markdown/index.js';
import { sectionsOf } from './sections.js';
import { createFromTemplate, exampleMarkdown, exampleNames } from './templates/index.js';

// Ratify's own architecture, written as a filled Technical Architecture Framework.
const markdown = readFileSync(
  fileURLToPath(new URL('../../../docs/architecture.md', import.meta.url)),
  'utf8',
);
const doc = markdownToDoc(markdown);
const template = createFromTemplate('technical-architecture-framework');

function nodesOf(node: JSONContent, type: string): JSONContent[] {
  const found: JSONContent[] = node.type === type ? [node] : [];
  for (const child of node.content ?? []) found.push(...nodesOf(child, type));
  return found;
}

function textOf(node: JSONContent): string {
  if (node.type === 'text') return node.text ?? '';
  return (node.content ?? []).map(textOf).join('');
}

describe('docs/architecture.md', () => {
  test('[AD1] every checklist item is done or not applicable', () => {
    const items = nodesOf(doc, 'checklistItem');
    expect(items.length).toBeGreaterThan(0);
    const open = items
      .filter((item) => item.attrs?.state !== 'done' && item.attrs?.state !== 'not-applicable')
      .map((item) => `${textOf(item)} (${String(item.attrs?.state)})`);
    expect(open, 'checklist items neither ticked nor marked not applicable').toEqual([]);
  });

  test('[AD2] the checklist items are the template’s, in the same order', () => {
    expect(nodesOf(doc, 'checklistItem').map(textOf)).toEqual(
      nodesOf(template, 'checklistItem').map(textOf),
    );
  });

  test('[AD3] every field has a value, and the fields are the template’s', () => {
    const fields = nodesOf(doc, 'field');
    const empty = fields
      .filter((field) => textOf(field).trim() === '')
      .map((field) => String(field.attrs?.label));
    expect(empty, 'fields without a value').toEqual([]);
    expect(fields.map((field) => field.attrs?.label)).toEqual(
      nodesOf(template, 'field').map((field) => field.attrs?.label),
    );
  });

  test('[AD4] it has the template’s section headings, in the same order', () => {
    const headings = sectionsOf(doc).map(({ title, level }) => ({ title, level }));
    const expected = sectionsOf(template).map(({ title, level }) => ({ title, level }));
    // The title names the system; every other heading is the template's own.
    expect(headings[0]?.level).toBe(1);
    expect(headings[0]?.title.endsWith(expected[0]?.title ?? '')).toBe(true);
    expect(headings.slice(1)).toEqual(expected.slice(1));
  });

  test('[AD5] the change log has at least one filled row', () => {
    const rows = nodesOf(doc, 'changeLogRow').map((row) =>
      (row.content ?? []).map((cell) => textOf(cell).trim()),
    );
    const filled = rows.filter((cells) => cells.length === 4 && cells.every((c) => c !== ''));
    expect(filled.length, `change log rows: ${JSON.stringify(rows)}`).toBeGreaterThan(0);
  });

  test('[AD6] it has an architecture diagram', () => {
    const blocks = nodesOf(doc, 'codeBlock');
    const diagram = blocks.find((block) => block.attrs?.language === 'mermaid');
    expect(diagram, 'a ```mermaid block').toBeDefined();
    const source = diagram === undefined ? '' : textOf(diagram);
    for (const part of ['nginx', 'PostgreSQL', 'Redis', 'SQLite', 'Browser']) {
      expect(source).toContain(part);
    }
  });

  test('[AD7] it round-trips through Markdown unchanged', () => {
    const again = markdownToDoc(docToMarkdown(doc));
    expect(withoutNodeIds(again)).toEqual(withoutNodeIds(doc));
  });

  test('[AD8] it ships as the example document a fresh install offers, exactly as in docs/', () => {
    expect(exampleNames).toEqual(['ratify-architecture']);
    expect(exampleMarkdown('ratify-architecture')).toBe(markdown);
    expect(() => exampleMarkdown('nope')).toThrow(/Unknown example "nope"/);
  });
});
