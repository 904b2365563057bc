import {
  CHECKLIST_STATES,
  type ChecklistState,
  isChecklistState,
  nextChecklistState,
} from '@ratify/schema';
import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import type { KeyboardEvent, MouseEvent } from 'react';

const LABELS: Record<ChecklistState, string> = {
  open: 'Open',
  done: 'Done',
  'not-applicable': 'Not applicable',
};

const SYMBOLS: Record<ChecklistState, string> = {
  open: '',
  done: '✓',
  'not-applicable': '–',
};

/** A tri-state checklist item: a button cycles open → done → not applicable; arrows pick. */
export function ChecklistItemView({
  node,
  updateAttributes,
  editor,
  extension,
}: ReactNodeViewProps) {
  const state: ChecklistState = isChecklistState(node.attrs.state) ? node.attrs.state : 'open';
  const changedBy = typeof node.attrs.changedBy === 'string' ? node.attrs.changedBy : null;
  const currentUser = String((extension.options as { currentUser?: string }).currentUser ?? '');
  const text = node.textContent.trim() || 'Checklist item';

  const set = (next: ChecklistState) => {
    if (!editor.isEditable) return;
    updateAttributes({ state: next, changedBy: currentUser || null });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = CHECKLIST_STATES.indexOf(state);
    const step =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? -1
          : 0;
    if (step === 0) return;
    event.preventDefault();
    const count = CHECKLIST_STATES.length;
    set(CHECKLIST_STATES[(index + step + count) % count] as ChecklistState);
  };

  // Keep the editor's selection where it is when the control is pressed.
  const keepSelection = (event: MouseEvent) => event.preventDefault();

  return (
    <NodeViewWrapper className="checklist-item__row" data-state={state}>
      <span className="checklist-item__control" contentEditable={false}>
        <button
          type="button"
          className="check-button"
          data-state={state}
          // Out of the Tab order: from the text, Tab reached the first toggle in the document
          // and Space then changed it. Mod+Enter in the item's text cycles its state instead.
          tabIndex={-1}
          aria-label={`${text}: ${LABELS[state]}. Change state`}
          title={`${LABELS[state]}: click, Space or arrow keys to change (Ctrl+Enter from the text)`}
          disabled={!editor.isEditable}
          onMouseDown={keepSelection}
          onClick={() => set(nextChecklistState(state))}
          onKeyDown={onKeyDown}
        >
          <span aria-hidden="true">{SYMBOLS[state]}</span>
        </button>
      </span>
      <NodeViewContent className="checklist-item__text" />
      <span className="checklist-item__meta" contentEditable={false}>
        {/* Who set the state; an open item has none to attribute (cycled back or never set). */}
        {state !== 'open' && <span className="checklist-item__state">{LABELS[state]}</span>}
        {state !== 'open' && changedBy && (
          <span className="checklist-item__by"> · {changedBy}</span>
        )}
      </span>
    </NodeViewWrapper>
  );
}
