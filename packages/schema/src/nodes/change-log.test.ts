// @vitest-environment happy-dom
import type { Editor } from '@tiptap/core';
import { afterEach, describe, expect, test } from 'vitest';
import { docToMarkdown } from '../markdown/index.js';
import { blocksOf, editorFor, placeCursorIn } from '../testing/editor.js';
import { nextChangeLogVersion } from './change-log.js';

let editor: Editor;
afterEach(() => editor?.destroy());

const LOG =
  '| Date | Version | Changes | Approved By |\n|---|---|---|---|\n| 2026-11-01 | 1.0 | First | Ana |\n';

describe('change log', () => {
  test('[CG1] addChangeLogRow appends a row with its own id', () => {
    editor = editorFor(`## Change Log\n${LOG}`);
    placeCursorIn(editor, 'heading', 1);
    expect(
      editor.commands.addChangeLogRow({
        date: '2026-11-25',
        version: '1.1',
        changes: 'Added caching',
      }),
    ).toBe(true);
    const rows = blocksOf(editor)[1]?.content ?? [];
    expect(rows).toHaveLength(2);
    expect(rows[0]?.attrs?.id).not.toBe(rows[1]?.attrs?.id);
    expect(docToMarkdown(editor.getJSON())).toContain(
      '| 2026-11-25 | 1.1     | Added caching |             |',
    );
  });

  test('[CG1] it adds to the change log that holds the selection', () => {
    editor = editorFor(`${LOG}\nbetween\n\n${LOG}`);
    placeCursorIn(editor, 'changeLogCell', 0, 4);
    editor.commands.addChangeLogRow({ changes: 'second log' });
    const logs = blocksOf(editor).filter((block) => block.type === 'changeLog');
    expect(logs.map((log) => log.content?.length)).toEqual([1, 2]);
  });

  test('[CG2] without a change log the command fails and changes nothing', () => {
    editor = editorFor('just text\n');
    const before = editor.getJSON();
    expect(editor.commands.addChangeLogRow()).toBe(false);
    expect(editor.getJSON()).toEqual(before);
  });

  test('[CG3] the next version follows the highest one', () => {
    expect(nextChangeLogVersion([])).toBe('1.0');
    expect(nextChangeLogVersion(['', 'draft'])).toBe('1.0');
    expect(nextChangeLogVersion(['1.0', '1.2', '1.10'])).toBe('1.11');
    expect(nextChangeLogVersion(['v2', 'v1'])).toBe('v3');
    expect(nextChangeLogVersion(['0.9.1'])).toBe('0.9.2');
  });

  test('[CG4] a major step moves the first number and zeroes the rest', () => {
    expect(nextChangeLogVersion([], 'major')).toBe('1.0');
    expect(nextChangeLogVersion(['1.0', '1.3'], 'major')).toBe('2.0');
    expect(nextChangeLogVersion(['v2'], 'major')).toBe('v3');
    expect(nextChangeLogVersion(['0.9.1'], 'major')).toBe('1.0.0');
  });
});
