// @vitest-environment happy-dom

import type { Editor } from '@tiptap/core';
import { afterEach, describe, expect, test } from 'vitest';
import { docToMarkdown } from '../markdown/index.js';
import { blocksOf, editorFor, placeCursorIn, pressKey } from '../testing/editor.js';
import { nextChecklistState } from './checklist.js';

let editor: Editor;
afterEach(() => editor?.destroy());

describe('checklist commands', () => {
  test('[CL1] setChecklistItemState sets the state and who changed it', () => {
    editor = editorFor('- [ ] Provider selection\n- [ ] Region strategy\n');
    placeCursorIn(editor, 'checklistItem', 2, 1);
    expect(editor.commands.setChecklistItemState('not-applicable', 'Ana')).toBe(true);
    const items = blocksOf(editor)[0]?.content ?? [];
    expect(items.map((item) => item.attrs?.state)).toEqual(['open', 'not-applicable']);
    expect(items[1]?.attrs?.changedBy).toBe('Ana');
    expect(docToMarkdown(editor.getJSON())).toBe(
      '- [ ] Provider selection\n- [-] Region strategy\n',
    );
  });

  test('[CL2] cycling walks open → done → not-applicable → open', () => {
    editor = editorFor('- [ ] Item\n');
    placeCursorIn(editor, 'checklistItem', 1);
    const states: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      editor.commands.cycleChecklistItemState('Bo');
      states.push(blocksOf(editor)[0]?.content?.[0]?.attrs?.state);
    }
    expect(states).toEqual(['done', 'not-applicable', 'open']);
    expect(nextChecklistState('not-applicable')).toBe('open');
  });

  test('[CL2] cycling outside a checklist item does nothing', () => {
    editor = editorFor('plain\n');
    placeCursorIn(editor, 'paragraph', 1);
    expect(editor.commands.cycleChecklistItemState()).toBe(false);
  });

  test('[CL3] Enter splits an item into a new open item with its own id', () => {
    editor = editorFor('- [x] Done thing\n');
    placeCursorIn(editor, 'checklistItem', 4);
    pressKey(editor, 'Enter');
    const items = blocksOf(editor)[0]?.content ?? [];
    expect(items.map((item) => [item.attrs?.state, item.content?.[0]?.text])).toEqual([
      ['done', 'Done'],
      ['open', ' thing'],
    ]);
    expect(items[0]?.attrs?.id).not.toBe(items[1]?.attrs?.id);
  });

  test('[CL3] Enter on an empty last item leaves the checklist', () => {
    editor = editorFor('- [ ] One\n- [ ] \n');
    placeCursorIn(editor, 'checklistItem', 0, 1);
    pressKey(editor, 'Enter');
    expect(blocksOf(editor).map((block) => block.type)).toEqual(['checklist', 'paragraph']);
    expect(blocksOf(editor)[0]?.content).toHaveLength(1);
  });
});
