import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { docToMarkdown, markdownToDoc, normalizeMarkdownWhitespace } from './markdown/index.js';
import { sectionsOf } from './sections.js';
import { createFromTemplate, templateMarkdown } from './templates/index.js';
import {
  appendChangeLogRow,
  changeLogVersions,
  contentFragment,
  jsonToYDoc,
  jsonToYUpdate,
  replaceContent,
  yDocToJSON,
  yDocToMarkdown,
} from './yjs.js';

describe('Yjs conversions', () => {
  test('[Y1] JSON → Y.Doc → JSON keeps the document, ids included', () => {
    const doc = createFromTemplate('technical-architecture-framework');
    expect(yDocToJSON(jsonToYDoc(doc))).toEqual(doc);
  });

  test('[Y2] Y.Doc → Markdown gives the template back', () => {
    const ydoc = jsonToYDoc(createFromTemplate('technical-architecture-framework'));
    expect(yDocToMarkdown(ydoc)).toBe(
      normalizeMarkdownWhitespace(templateMarkdown('technical-architecture-framework')),
    );
  });

  test('[Y3] an update applied to a fresh Y.Doc reproduces the document', () => {
    const doc = markdownToDoc('## A\n- [x] done\n- Owner: Ana\n');
    const replica = new Y.Doc();
    Y.applyUpdate(replica, jsonToYUpdate(doc));
    expect(yDocToJSON(replica)).toEqual(doc);
  });

  test('[Y4] concurrent edits to two replicas merge, and section ids survive', () => {
    const doc = markdownToDoc('## A\n- Owner: -\n\n## B\ntext\n');
    const a = jsonToYDoc(doc);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const fieldText = (ydoc: Y.Doc) => {
      const field = contentFragment(ydoc).get(1) as Y.XmlElement;
      return field.get(0) as Y.XmlText;
    };
    fieldText(a).insert(1, 'Ana');
    fieldText(b).insert(1, 'Bo');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(yDocToJSON(a)).toEqual(yDocToJSON(b));
    const merged = docToMarkdown(yDocToJSON(a));
    expect(merged).toMatch(/- Owner: -(AnaBo|BoAna)\n/);
    expect(sectionsOf(yDocToJSON(a)).map((s) => s.id)).toEqual(sectionsOf(doc).map((s) => s.id));
  });

  test('[Y5] an invalid document never half-writes the Y.Doc', () => {
    const ydoc = new Y.Doc();
    expect(() =>
      jsonToYDoc({ type: 'doc', content: [{ type: 'checklist', content: [] }] }, ydoc),
    ).toThrow();
    expect(contentFragment(ydoc).length).toBe(0);
  });
});

describe('appendChangeLogRow', () => {
  test("fills the template's empty row, then adds rows the editor reads back", () => {
    const doc = jsonToYDoc(createFromTemplate('technical-architecture-framework'));
    expect(appendChangeLogRow(doc, ['2026-11-29', '1.0', 'First approval', 'Ada, Bob'])).toBe(true);
    expect(appendChangeLogRow(doc, ['2026-12-01', '1.1', 'Decision', 'Ada'])).toBe(true);
    const rows = yDocToMarkdown(doc)
      .split('\n')
      .filter((line) => /^\| \d{4}-/.test(line))
      .map((line) =>
        line
          .split('|')
          .map((c) => c.trim())
          .filter(Boolean),
      );
    expect(rows).toEqual([
      ['2026-11-29', '1.0', 'First approval', 'Ada, Bob'],
      ['2026-12-01', '1.1', 'Decision', 'Ada'],
    ]);
    expect(yDocToMarkdown(doc)).not.toMatch(/^\|\s+\|\s+\|/m);
    expect(changeLogVersions(doc)).toEqual(['1.0', '1.1']);
    const empty = jsonToYDoc({ type: 'doc', content: [{ type: 'paragraph' }] });
    expect(appendChangeLogRow(empty, ['a', 'b', 'c', 'd'])).toBe(false);
    expect(changeLogVersions(empty)).toEqual([]);
  });

  test('[DF4] replaceContent makes a document equal an earlier version as a forward change every copy converges to', () => {
    const v1 = createFromTemplate('technical-architecture-framework');
    const ydoc = jsonToYDoc(v1);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc));
    // Edits after v1: a heading renamed and a paragraph appended.
    const later = yDocToJSON(ydoc);
    const edited = {
      ...later,
      content: [
        ...(later.content ?? []).map((b, i) =>
          i === 1 ? { ...b, content: [{ type: 'text', text: 'Renamed' }] } : b,
        ),
        { type: 'paragraph', content: [{ type: 'text', text: 'appended' }] },
      ],
    };
    replaceContent(ydoc, edited);
    expect(yDocToJSON(ydoc)).toEqual(edited);
    const before = Y.encodeStateVector(other);
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc, before));
    // Restoring v1 is one more update: the other copy applies it and agrees.
    const sv = Y.encodeStateVector(ydoc);
    replaceContent(ydoc, v1);
    expect(yDocToJSON(ydoc)).toEqual(v1);
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc, sv));
    expect(yDocToJSON(other)).toEqual(v1);
    expect(() => replaceContent(ydoc, { type: 'doc', content: [{ type: 'nope' }] })).toThrow();
    expect(yDocToJSON(ydoc)).toEqual(v1);
  });
});
