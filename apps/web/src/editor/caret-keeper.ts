import { Extension } from '@tiptap/core';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import {
  absolutePositionToRelativePosition,
  type ProsemirrorBinding,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/**
 * Keeps this user's caret where it was when someone else's change arrives.
 *
 * y-tiptap (3.0.9) saves the selection as Yjs relative positions before a remote change and
 * restores it afterwards, with two faults this plugin corrects:
 *
 * 1. In an empty text block there is no Y.XmlText to anchor to, so the position is taken
 *    relative to the block element with no association, which resolves to the element's END.
 *    When another person types the block's first character, the caret lands after it; from
 *    then on it is anchored to that character (like any caret in text, it sticks to the
 *    character on its left), so the other person's next characters go after the caret and
 *    anything typed here splits their word ("9[Bob]9.95%"). Here an empty block's caret is
 *    anchored to the element's start (association -1), the same rule as in text.
 * 2. `restoreRelativeSelection` then passes each endpoint through `recoverSelectionEndpoint`,
 *    a heuristic for blocks moved by drag and drop: whenever the text of the caret's block
 *    changed, it "recovers" the position from the old document, for an empty block by looking
 *    for the Nth empty block of the same type. Once the other person's text makes this block
 *    non-empty, that is the NEXT empty field or paragraph, and the caret jumps there.
 *
 * After each remote change the saved positions are resolved with Yjs alone and replace the
 * restored selection when they differ, but only when the caret's block still exists: a block
 * that was deleted or moved is left to y-tiptap's recovery, the case it was written for.
 */

interface SavedSelection {
  anchor: Y.RelativePosition;
  head: Y.RelativePosition;
}

const caretKeeperKey = new PluginKey('ratifyCaretKeeper');

function syncBinding(state: EditorState): ProsemirrorBinding | null {
  const sync = ySyncPluginKey.getState(state) as { binding?: ProsemirrorBinding } | undefined;
  return sync?.binding ?? null;
}

/** A relative position for a caret inside a text block, or null when it is not in one. */
function relativeAt(
  state: EditorState,
  pos: number,
  binding: ProsemirrorBinding,
): Y.RelativePosition | null {
  const $pos = state.doc.resolve(pos);
  if (!$pos.parent.inlineContent) return null;
  const relative = absolutePositionToRelativePosition(pos, binding.type, binding.mapping) as
    | Y.RelativePosition
    | undefined;
  if (!relative) return null;
  if ($pos.parent.content.size === 0 && relative.item === null && relative.type !== null) {
    // The empty block itself, with no association: its end. Its start, sticking left instead.
    return new Y.RelativePosition(relative.type, relative.tname, null, -1);
  }
  return relative;
}

function capture(view: EditorView, binding: ProsemirrorBinding): SavedSelection | null {
  const { state } = view;
  const { selection } = state;
  if (!(selection instanceof TextSelection)) return null;
  try {
    const anchor = relativeAt(state, selection.anchor, binding);
    const head = selection.empty ? anchor : relativeAt(state, selection.head, binding);
    return anchor && head ? { anchor, head } : null;
  } catch {
    // y-tiptap throws on mappings it does not expect; its own restore still runs.
    return null;
  }
}

/** Where a saved position is now, if its block still exists and it lands in a text block. */
function resolve(
  state: EditorState,
  relative: Y.RelativePosition,
  binding: ProsemirrorBinding,
): number | null {
  const absolute = Y.createAbsolutePositionFromRelativePosition(relative, binding.doc);
  if (!absolute || absolute.type === binding.type) return null;
  for (let type: Y.AbstractType<unknown> = absolute.type; type !== binding.type; ) {
    const item = type._item;
    if (!item || item.deleted || !(item.parent instanceof Y.AbstractType)) return null;
    type = item.parent;
  }
  const pos = relativePositionToAbsolutePosition(
    binding.doc,
    binding.type,
    relative,
    binding.mapping,
  );
  if (pos === null || pos < 0 || pos > state.doc.content.size) return null;
  return state.doc.resolve(pos).parent.inlineContent ? pos : null;
}

function isRemoteChange(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as
    | { isChangeOrigin?: boolean; isUndoRedoOperation?: boolean }
    | undefined;
  return !!meta?.isChangeOrigin && !meta.isUndoRedoOperation && !tr.getMeta(caretKeeperKey);
}

export const CaretKeeper = Extension.create({
  name: 'caretKeeper',

  addProseMirrorPlugins() {
    // The local selection as it was before the Yjs transactions now being applied.
    let saved: SavedSelection | null = null;
    return [
      new Plugin({
        key: caretKeeperKey,
        view(view) {
          const binding = syncBinding(view.state);
          if (!binding) return {};
          const ydoc = binding.doc;
          const beforeTransaction = (transaction: Y.Transaction) => {
            // Local edits come from the binding (its plugin key is the origin); undo and redo
            // restore their own selection.
            if (saved !== null || transaction.origin === ySyncPluginKey) return;
            if (transaction.origin instanceof Y.UndoManager) return;
            saved = capture(view, binding);
          };
          const afterAllTransactions = () => {
            saved = null;
          };
          ydoc.on('beforeTransaction', beforeTransaction);
          ydoc.on('afterAllTransactions', afterAllTransactions);
          return {
            destroy() {
              ydoc.off('beforeTransaction', beforeTransaction);
              ydoc.off('afterAllTransactions', afterAllTransactions);
              saved = null;
            },
          };
        },
        appendTransaction(transactions, _oldState, state) {
          if (saved === null || !transactions.some(isRemoteChange)) return null;
          if (!(state.selection instanceof TextSelection)) return null;
          const binding = syncBinding(state);
          if (!binding) return null;
          const anchor = resolve(state, saved.anchor, binding);
          const head = resolve(state, saved.head, binding);
          if (anchor === null || head === null) return null;
          if (anchor === state.selection.anchor && head === state.selection.head) return null;
          return state.tr
            .setSelection(TextSelection.create(state.doc, anchor, head))
            .setMeta(caretKeeperKey, true)
            .setMeta(ySyncPluginKey, { isChangeOrigin: true })
            .setMeta('addToHistory', false);
        },
      }),
    ];
  },
});
