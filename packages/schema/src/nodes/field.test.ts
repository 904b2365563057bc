// @vitest-environment happy-dom
import type { Editor } from '@tiptap/core';
import { afterEach, describe, expect, test } from 'vitest';
import { docToMarkdown } from '../markdown/index.js';
import { blocksOf, editorFor, placeCursorIn, pressKey } from '../testing/editor.js';

let editor: Editor;
afterEach(() => editor?.destroy());

describe('fields', () => {
  test('[FD1] typing goes into the value; the label cannot be typed over', () => {
    editor = editorFor('- Scalability targets:\n');
    placeCursorIn(editor, 'field', 0);
    editor.commands.insertContent('10k rps');
    expect(blocksOf(editor)[0]).toMatchObject({
      type: 'field',
      attrs: { label: 'Scalability targets' },
      content: [{ type: 'text', text: '10k rps' }],
    });
    expect(docToMarkdown(editor.getJSON())).toBe('- Scalability targets: 10k rps\n');
  });

  test('[FD2] Backspace at the start of a value does not merge the field away', () => {
    editor = editorFor('## Key Requirements\n- Availability targets: 99.9%\n');
    placeCursorIn(editor, 'field', 0);
    pressKey(editor, 'Backspace');
    expect(blocksOf(editor).map((block) => block.type)).toEqual(['heading', 'field']);
    expect(blocksOf(editor)[1]?.attrs?.label).toBe('Availability targets');
  });

  test('[FD3] Enter moves to the next field instead of splitting', () => {
    editor = editorFor('- Framework: React\n- State management:\n');
    placeCursorIn(editor, 'field', 3);
    pressKey(editor, 'Enter');
    expect(blocksOf(editor)).toHaveLength(2);
    expect(editor.state.selection.$from.parent.attrs.label).toBe('State management');
  });

  test('[FD3] Enter in the last block adds a paragraph after the field', () => {
    editor = editorFor('- Owner: Ana\n');
    placeCursorIn(editor, 'field', 3);
    pressKey(editor, 'Enter');
    expect(blocksOf(editor).map((block) => block.type)).toEqual(['field', 'paragraph']);
    expect(editor.state.selection.$from.parent.type.name).toBe('paragraph');
  });

  test('[FD4] an emptied field falls back to its placeholder in Markdown', () => {
    editor = editorFor('- Version: [Number]\n');
    placeCursorIn(editor, 'field', 0);
    editor.commands.insertContent('2.1');
    expect(docToMarkdown(editor.getJSON())).toBe('- Version: 2.1\n');
    const start = editor.state.selection.from - 3;
    editor.commands.deleteRange({ from: start, to: start + 3 });
    expect(docToMarkdown(editor.getJSON())).toBe('- Version: [Number]\n');
  });
});
