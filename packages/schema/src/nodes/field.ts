import { mergeAttributes, Node } from '@tiptap/core';
import { Selection } from '@tiptap/pm/state';
import { escapeReferences } from '../markdown/entities.js';

/** How an empty field with a placeholder is written in Markdown: `- Version: [Number]`. */
export function placeholderMarkdown(placeholder: string): string {
  return `[${placeholder}]`;
}

/**
 * A labelled field: the label is an attribute (typing cannot change it); the
 * value is inline content so concurrent typing merges character by character.
 */
export const Field = Node.create({
  name: 'field',
  group: 'block',
  content: 'inline*',
  defining: true,

  addAttributes() {
    return {
      label: {
        default: '',
        parseHTML: (element) => element.getAttribute('data-label') ?? '',
        renderHTML: (attributes) => ({ 'data-label': attributes.label }),
      },
      placeholder: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-placeholder'),
        renderHTML: (attributes) =>
          attributes.placeholder ? { 'data-placeholder': attributes.placeholder } : {},
      },
    };
  },

  parseHTML() {
    return [{ tag: 'div[data-type="field"]', contentElement: '.field-value', priority: 60 }];
  },

  renderHTML({ node, HTMLAttributes }) {
    return [
      'div',
      mergeAttributes(HTMLAttributes, { 'data-type': 'field' }),
      ['span', { class: 'field-label', contenteditable: 'false' }, `${node.attrs.label}:`],
      ['span', { class: 'field-value' }, 0],
    ];
  },

  renderMarkdown: (node, h) => {
    // The label is read back as written (no escapes), then its references decoded.
    const label = escapeReferences(String(node.attrs?.label ?? ''));
    let value = h.renderChildren(node.content ?? []);
    // A value that is literally "[Something]" must not read back as a placeholder.
    if (/^\[[^[\]\n]+\]$/.test(value)) value = `\\${value}`;
    if (!value && node.attrs?.placeholder) value = placeholderMarkdown(node.attrs.placeholder);
    return `- ${label}:${value ? ` ${value}` : ''}`;
  },

  addKeyboardShortcuts() {
    const inField = () => this.editor.state.selection.$from.parent.type.name === this.name;
    return {
      // Enter moves on to the next block (like a form) instead of splitting the field.
      Enter: () => {
        if (!inField()) return false;
        const { state } = this.editor;
        const after = state.selection.$from.after();
        const next = Selection.findFrom(state.doc.resolve(after), 1, true);
        if (next && next.from > after) {
          return this.editor.commands.setTextSelection(next.from);
        }
        return this.editor
          .chain()
          .insertContentAt(after, { type: 'paragraph' })
          .setTextSelection(after + 1)
          .run();
      },
      // Joining a field into the block before it would drop its label.
      Backspace: () => {
        const { selection } = this.editor.state;
        return inField() && selection.empty && selection.$from.parentOffset === 0;
      },
    };
  },
});
