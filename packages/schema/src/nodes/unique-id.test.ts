// @vitest-environment happy-dom
import type { Editor } from '@tiptap/core';
import { afterEach, expect, test } from 'vitest';
import { sectionsOf } from '../sections.js';
import { blocksOf, editorFor, placeCursorIn, pressKey } from '../testing/editor.js';

let editor: Editor;
afterEach(() => editor?.destroy());

test('[ID4] splitting a heading keeps the first id and issues a new one', () => {
  editor = editorFor('## System Overview\n');
  const [before] = sectionsOf(editor.getJSON());
  placeCursorIn(editor, 'heading', 6);
  pressKey(editor, 'Enter');
  const ids = blocksOf(editor).map((block) => block.attrs?.id);
  expect(ids[0]).toBe(before?.id);
  if (blocksOf(editor)[1]?.type === 'heading') expect(ids[1]).not.toBe(before?.id);
});

test('[ID5] pasted sections get fresh ids; the originals keep theirs', () => {
  editor = editorFor('## One\n- [ ] a\n');
  const original = sectionsOf(editor.getJSON()).map((s) => s.id);
  const html = editor.getHTML();
  // One copy after the original and one before it: the original keeps its id either way.
  editor.commands.insertContentAt(editor.state.doc.content.size, html);
  editor.commands.insertContentAt(0, html);
  const sections = sectionsOf(editor.getJSON());
  expect(sections).toHaveLength(3);
  expect(sections[1]?.id).toBe(original[0]);
  expect(new Set(sections.map((s) => s.id)).size).toBe(3);
  const itemIds = JSON.stringify(editor.getJSON()).match(/"id":"[a-z0-9]+"/g) ?? [];
  expect(new Set(itemIds).size).toBe(itemIds.length);
});

test('[ID6] undo after an edit leaves ids as they were', () => {
  editor = editorFor('## One\n');
  const [before] = sectionsOf(editor.getJSON());
  placeCursorIn(editor, 'heading', 3);
  editor.commands.insertContent('!');
  expect(sectionsOf(editor.getJSON())[0]?.id).toBe(before?.id);
});
