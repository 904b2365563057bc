import type { MarkdownToken } from '@tiptap/core';
import type { ChecklistState } from '../nodes/checklist.js';

export type ReviewListItem =
  | { kind: 'checklist'; state: ChecklistState; text: string }
  | { kind: 'field'; label: string; value: string; placeholder: string | null };

const MAX_LABEL_LENGTH = 80;
const UNCHECKED_BOX = /^\[([ xX-])\](?:[ \t]+(.*))?$/;
// A label is plain text: no Markdown syntax, no colon; the value follows ": ".
const FIELD_LINE = /^([^\s\\[\]*_`~<>:|#!][^\\[\]*_`~<>:|]*?)[ \t]*:(?:[ \t]+(.*))?$/;
const PLACEHOLDER = /^\[([^[\]\n]+)\]$/;

function stateFromMarker(marker: string): ChecklistState {
  if (marker === '-') return 'not-applicable';
  return marker === ' ' ? 'open' : 'done';
}

/**
 * Decides whether a Markdown list item is a checklist item (`[ ]`, `[x]`, `[-]`)
 * or a labelled field (`Label: value`). Items with more than one line or nested
 * blocks stay ordinary list items.
 */
export function classifyListItem(item: MarkdownToken): ReviewListItem | null {
  const blocks = (item.tokens ?? []).filter((token) => token.type !== 'checkbox');
  if (blocks.length > 1) return null;
  if (blocks.length === 1 && blocks[0]?.type !== 'text' && blocks[0]?.type !== 'paragraph') {
    return null;
  }
  const text = (item.text ?? '').replace(/\s+$/, '');
  if (text.includes('\n')) return null;

  if (item.task) {
    return { kind: 'checklist', state: item.checked ? 'done' : 'open', text };
  }
  const box = UNCHECKED_BOX.exec(text);
  if (box) {
    return { kind: 'checklist', state: stateFromMarker(box[1] as string), text: box[2] ?? '' };
  }
  const field = FIELD_LINE.exec(text);
  if (field && (field[1] as string).length <= MAX_LABEL_LENGTH) {
    const value = field[2] ?? '';
    const placeholder = PLACEHOLDER.exec(value);
    return placeholder
      ? {
          kind: 'field',
          label: field[1] as string,
          value: '',
          placeholder: placeholder[1] as string,
        }
      : { kind: 'field', label: field[1] as string, value, placeholder: null };
  }
  return null;
}
