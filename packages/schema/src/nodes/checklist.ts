import { mergeAttributes, Node } from '@tiptap/core';
import { escapeLineStart } from '../markdown/escape.js';
import { alternateMarker } from '../markdown/lists.js';

export const CHECKLIST_STATES = ['open', 'done', 'not-applicable'] as const;
export type ChecklistState = (typeof CHECKLIST_STATES)[number];

/** The Markdown box for each state: `- [ ] text`, `- [x] text`, `- [-] text`. */
export const CHECKLIST_MARKERS: Record<ChecklistState, string> = {
  open: ' ',
  done: 'x',
  'not-applicable': '-',
};

export function isChecklistState(value: unknown): value is ChecklistState {
  return typeof value === 'string' && (CHECKLIST_STATES as readonly string[]).includes(value);
}

/** open → done → not-applicable → open: the order a reviewer usually walks an item. */
export function nextChecklistState(state: ChecklistState): ChecklistState {
  const index = CHECKLIST_STATES.indexOf(state);
  return CHECKLIST_STATES[(index + 1) % CHECKLIST_STATES.length] as ChecklistState;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    checklist: {
      /** Sets the state of the checklist item at the selection; `by` records who changed it. */
      setChecklistItemState: (state: ChecklistState, by?: string | null) => ReturnType;
      /** Moves the checklist item at the selection to its next state. */
      cycleChecklistItemState: (by?: string | null) => ReturnType;
    };
  }
}

/** A list of checklist items. */
export const Checklist = Node.create({
  name: 'checklist',
  group: 'block',
  content: 'checklistItem+',

  parseHTML() {
    return [{ tag: 'ul[data-type="checklist"]', priority: 60 }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['ul', mergeAttributes(HTMLAttributes, { 'data-type': 'checklist' }), 0];
  },

  // A checklist right after another is written with `*` so it reads back as its own list.
  renderMarkdown: (node, h, ctx) => {
    const rendered = h.renderChildren(node.content ?? [], '\n');
    return alternateMarker(node, ctx) === 'second' ? rendered.replace(/^- /gm, '* ') : rendered;
  },
});

/** One tri-state item with inline text: open, done or not applicable. */
export const ChecklistItem = Node.create({
  name: 'checklistItem',
  content: 'inline*',
  defining: true,

  addAttributes() {
    return {
      state: {
        default: 'open' satisfies ChecklistState,
        parseHTML: (element) => {
          const state = element.getAttribute('data-state');
          return isChecklistState(state) ? state : 'open';
        },
        renderHTML: (attributes) => ({ 'data-state': attributes.state }),
      },
      // Who last changed the state (a display name); shown next to the control.
      changedBy: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-changed-by'),
        renderHTML: (attributes) =>
          attributes.changedBy ? { 'data-changed-by': attributes.changedBy } : {},
      },
    };
  },

  parseHTML() {
    return [{ tag: 'li[data-type="checklist-item"]', priority: 60 }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['li', mergeAttributes(HTMLAttributes, { 'data-type': 'checklist-item' }), 0];
  },

  renderMarkdown: (node, h) => {
    const state = isChecklistState(node.attrs?.state) ? node.attrs.state : 'open';
    const text = escapeLineStart(h.renderChildren(node.content ?? []));
    return `- [${CHECKLIST_MARKERS[state]}]${text ? ` ${text}` : ''}`;
  },

  addCommands() {
    return {
      setChecklistItemState:
        (state, by = null) =>
        ({ commands }) =>
          commands.updateAttributes(this.name, { state, changedBy: by }),
      cycleChecklistItemState:
        (by = null) =>
        ({ state: editorState, commands }) => {
          const item = editorState.selection.$from.parent;
          if (item.type.name !== this.name) return false;
          const current = isChecklistState(item.attrs.state) ? item.attrs.state : 'open';
          return commands.updateAttributes(this.name, {
            state: nextChecklistState(current),
            changedBy: by,
          });
        },
    };
  },

  addKeyboardShortcuts() {
    return {
      'Mod-Enter': () => this.editor.commands.cycleChecklistItemState(),
      Enter: () => {
        const { selection } = this.editor.state;
        const { $from } = selection;
        if ($from.parent.type.name !== this.name) return false;
        // Enter on an empty last item leaves the checklist, as in any list.
        if ($from.parent.content.size === 0) {
          const list = $from.node(-1);
          if ($from.index(-1) !== list.childCount - 1 || list.childCount === 1) return false;
          const itemStart = $from.before();
          const afterList = $from.after(-1);
          return this.editor
            .chain()
            .command(({ tr }) => {
              tr.delete(itemStart, itemStart + $from.parent.nodeSize);
              return true;
            })
            .insertContentAt(afterList - $from.parent.nodeSize, { type: 'paragraph' })
            .focus(afterList - $from.parent.nodeSize + 1)
            .run();
        }
        // A new item starts open, whatever the state of the one it was split from.
        return this.editor
          .chain()
          .splitBlock()
          .updateAttributes(this.name, { state: 'open', changedBy: null })
          .run();
      },
    };
  },
});
