import { CHANGE_LOG_COLUMNS, changeLogRowJSON, nextChangeLogVersion } from '@ratify/schema';
import type { NodeViewRendererProps } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { TextSelection, type Transaction } from '@tiptap/pm/state';
import type { NodeView } from '@tiptap/pm/view';

/** Today as YYYY-MM-DD in the user's time zone. */
export function todayISO(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The versions written in a change log's rows (second column). */
export function versionsOf(log: PMNode): string[] {
  const versions: string[] = [];
  log.forEach((row) => {
    const cell = row.childCount > 1 ? row.child(1) : null;
    if (cell) versions.push(cell.textContent);
  });
  return versions;
}

/**
 * Appends a row to the change log at `logPos` (today's date and the next version) and puts the
 * caret in its "Changes" cell. Used by the "Add row" button and by Tab in the last cell.
 */
export function appendChangeLogRow(tr: Transaction, logPos: number): boolean {
  const log = tr.doc.nodeAt(logPos);
  if (log?.type.name !== 'changeLog') return false;
  const row = tr.doc.type.schema.nodeFromJSON(
    changeLogRowJSON({ date: todayISO(), version: nextChangeLogVersion(versionsOf(log)) }),
  );
  const insertAt = logPos + log.nodeSize - 1;
  tr.insert(insertAt, row);
  let cellPos = insertAt + 1;
  for (let i = 0; i < 2; i++) cellPos += row.child(i).nodeSize;
  tr.setSelection(TextSelection.create(tr.doc, cellPos + 1));
  return true;
}

/**
 * The change log as a table with a fixed header and an "Add row" button. Plain DOM: the rows
 * are the content, and a table body cannot hold the wrapper a React node view would add.
 */
export function changeLogNodeView({
  node: initial,
  editor,
  getPos,
}: NodeViewRendererProps): NodeView {
  let node = initial;
  const dom = document.createElement('div');
  dom.className = 'change-log';

  const scroller = document.createElement('div');
  scroller.className = 'change-log__scroll';
  const table = document.createElement('table');
  const caption = document.createElement('caption');
  caption.textContent = 'Change log';
  caption.className = 'visually-hidden';
  const thead = document.createElement('thead');
  thead.contentEditable = 'false';
  const headRow = document.createElement('tr');
  for (const column of CHANGE_LOG_COLUMNS) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = column;
    headRow.append(th);
  }
  thead.append(headRow);
  const tbody = document.createElement('tbody');
  table.append(caption, thead, tbody);
  scroller.append(table);

  const actions = document.createElement('div');
  actions.className = 'change-log__actions';
  actions.contentEditable = 'false';
  const button = document.createElement('button');
  button.type = 'button';
  // Out of the Tab order, which inside the document moves between cells; Tab in the last cell
  // adds a row (a focusable button here took Tab from anywhere in the text, and Space with it).
  button.tabIndex = -1;
  button.className = 'button button--small';
  button.textContent = 'Add row';
  button.addEventListener('mousedown', (event) => event.preventDefault());
  button.addEventListener('click', () => {
    if (!editor.isEditable) return;
    const pos = getPos();
    if (typeof pos !== 'number') return;
    editor
      .chain()
      .focus()
      .command(({ tr }) => appendChangeLogRow(tr, pos))
      .run();
  });
  actions.append(button);
  dom.append(scroller, actions);

  return {
    dom,
    contentDOM: tbody,
    update(next) {
      if (next.type !== node.type) return false;
      node = next;
      return true;
    },
    stopEvent(event) {
      return event.target instanceof globalThis.Node && actions.contains(event.target);
    },
    ignoreMutation(mutation) {
      if (mutation.type === 'selection') return false;
      return !tbody.contains(mutation.target);
    },
  };
}
