import { Editor, type JSONContent } from '@tiptap/core';
import { reviewExtensions } from '../extensions.js';
import { markdownToDoc } from '../markdown/index.js';

/** A real TipTap editor over the review schema (needs a DOM: run under happy-dom). */
export function editorFor(markdown: string): Editor {
  return new Editor({ extensions: reviewExtensions, content: markdownToDoc(markdown) });
}

/** Puts the cursor inside the first node of `type`, `offset` characters in. */
export function placeCursorIn(editor: Editor, type: string, offset = 0, nth = 0): void {
  let seen = 0;
  let target: number | null = null;
  editor.state.doc.descendants((node, pos) => {
    if (target !== null) return false;
    if (node.type.name === type && seen++ === nth) target = pos + 1 + offset;
    return true;
  });
  if (target === null) throw new Error(`no ${type} node #${nth}`);
  editor.commands.setTextSelection(target);
}

export function pressKey(editor: Editor, key: string): void {
  editor.view.dom.dispatchEvent(
    new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }),
  );
}

export function blocksOf(editor: Editor): JSONContent[] {
  return editor.getJSON().content ?? [];
}
