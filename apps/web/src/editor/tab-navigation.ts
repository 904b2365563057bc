import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { type EditorState, TextSelection } from '@tiptap/pm/state';
import { appendChangeLogRow } from './nodeviews/change-log-view';

/** What Tab (dir 1) or Shift+Tab (dir -1) does at the selection; null: not ours to handle. */
export type TabTarget =
  | { kind: 'move'; pos: number }
  | { kind: 'append-row'; logPos: number }
  | null;

/** The end of a text block's content, where the caret goes when Tab lands in it. */
const endOf = (pos: number, node: PMNode) => pos + 1 + node.content.size;

/** Positions of the descendants of `parent` (at `offset`) with this type name, in order. */
function positionsOf(parent: PMNode, offset: number, typeName: string): number[] {
  const found: number[] = [];
  parent.descendants((node, pos) => {
    if (node.type.name === typeName) {
      found.push(offset + pos);
      return false;
    }
    return !node.isTextblock;
  });
  return found;
}

function cellTarget(state: EditorState, dir: 1 | -1): TabTarget {
  const { $from } = state.selection;
  let depth = $from.depth;
  while (depth > 0 && $from.node(depth).type.name !== 'changeLog') depth--;
  if (depth === 0) return null;
  const log = $from.node(depth);
  const logPos = $from.before(depth);
  const cells = positionsOf(log, logPos + 1, 'changeLogCell');
  const index = cells.indexOf($from.before());
  const next = cells[index + dir];
  if (next !== undefined) {
    const cell = state.doc.nodeAt(next);
    return cell ? { kind: 'move', pos: endOf(next, cell) } : null;
  }
  return dir === 1 ? { kind: 'append-row', logPos } : null;
}

function fieldTarget(state: EditorState, dir: 1 | -1): TabTarget {
  const current = state.selection.$from.before();
  const fields = positionsOf(state.doc, 0, 'field');
  const next = fields[fields.indexOf(current) + dir];
  if (next === undefined) return null;
  const field = state.doc.nodeAt(next);
  return field ? { kind: 'move', pos: endOf(next, field) } : null;
}

/**
 * Tab in a change-log cell goes to the next cell (Shift+Tab: the previous one), and Tab in the
 * last cell adds a row; Tab in a field value goes to the next field value (Shift+Tab: the
 * previous one). Elsewhere, and past the first or last field, Tab keeps its usual meaning.
 */
export function tabTarget(state: EditorState, dir: 1 | -1): TabTarget {
  const { selection } = state;
  if (!(selection instanceof TextSelection)) return null;
  const parent = selection.$from.parent.type.name;
  if (!selection.$from.sameParent(selection.$to)) return null;
  if (parent === 'changeLogCell') return cellTarget(state, dir);
  if (parent === 'field') return fieldTarget(state, dir);
  return null;
}

export const TabNavigation = Extension.create({
  name: 'tabNavigation',

  addKeyboardShortcuts() {
    const move = (dir: 1 | -1) => () => {
      const target = tabTarget(this.editor.state, dir);
      if (!target) return false;
      if (target.kind === 'append-row') {
        if (!this.editor.isEditable) return true;
        return this.editor
          .chain()
          .command(({ tr }) => appendChangeLogRow(tr, target.logPos))
          .scrollIntoView()
          .run();
      }
      return this.editor.chain().setTextSelection(target.pos).scrollIntoView().run();
    };
    return { Tab: move(1), 'Shift-Tab': move(-1) };
  },
});
