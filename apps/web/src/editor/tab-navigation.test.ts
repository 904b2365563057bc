import { createFromTemplate, reviewSchema } from '@ratify/schema';
import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { appendChangeLogRow } from './nodeviews/change-log-view';
import { tabTarget } from './tab-navigation';

const doc = reviewSchema.nodeFromJSON(createFromTemplate('technical-architecture-framework'));

function positions(node: PMNode, test: (n: PMNode) => boolean): number[] {
  const found: number[] = [];
  node.descendants((n, pos) => {
    if (test(n)) found.push(pos);
  });
  return found;
}

const fieldAt = (label: string) => {
  const [pos] = positions(doc, (n) => n.type.name === 'field' && n.attrs.label === label);
  if (pos === undefined) throw new Error(`no field ${label}`);
  return pos;
};
const cells = positions(doc, (n) => n.type.name === 'changeLogCell');
const stateAt = (pos: number, base = doc) =>
  EditorState.create({ doc: base, selection: TextSelection.create(base, pos) });

describe('Tab in fields and change-log cells', () => {
  it('moves from a field value to the next one and back', () => {
    const availability = fieldAt('Availability targets');
    expect(tabTarget(stateAt(availability + 1), 1)).toEqual({
      kind: 'move',
      pos: fieldAt('Performance targets') + 1,
    });
    expect(tabTarget(stateAt(availability + 1), -1)).toEqual({
      kind: 'move',
      pos: fieldAt('Scalability targets') + 1,
    });
    // Across headings, to the next field in the document.
    expect(tabTarget(stateAt(fieldAt('Compliance needs') + 1), 1)).toEqual({
      kind: 'move',
      pos: fieldAt('Framework') + 1,
    });
  });

  it('moves between cells, and asks for a new row from the last cell', () => {
    expect(cells).toHaveLength(4);
    const [first, second, , last] = cells as [number, number, number, number];
    expect(tabTarget(stateAt(first + 1), 1)).toEqual({ kind: 'move', pos: second + 1 });
    expect(tabTarget(stateAt(second + 1), -1)).toEqual({ kind: 'move', pos: first + 1 });
    expect(tabTarget(stateAt(first + 1), -1)).toBeNull();
    const fromLast = tabTarget(stateAt(last + 1), 1);
    expect(fromLast?.kind).toBe('append-row');

    // The new row has today's date and the next version; the caret is in its "Changes" cell.
    const state = stateAt(last + 1);
    const tr = state.tr;
    expect(fromLast?.kind === 'append-row' && appendChangeLogRow(tr, fromLast.logPos)).toBe(true);
    const log = tr.selection.$from.node(-2);
    expect(log.type.name).toBe('changeLog');
    expect(log.childCount).toBe(2);
    expect(log.child(1).child(1).textContent).toBe('1.0');
    expect(tr.selection.$from.parent).toBe(log.child(1).child(2));
  });

  it('leaves Tab alone elsewhere', () => {
    const [heading] = positions(doc, (n) => n.type.name === 'heading');
    const [item] = positions(doc, (n) => n.type.name === 'checklistItem');
    expect(tabTarget(stateAt((heading ?? 0) + 1), 1)).toBeNull();
    expect(tabTarget(stateAt((item ?? 0) + 1), 1)).toBeNull();
  });
});
