/**
 * The count of open comment threads beside each section heading in the document: a widget
 * decoration at the end of the heading (never a mark in the content), empty of text (the label
 * is the stylesheet's, from `data-label`), so the heading's text, the caret and the hashes are
 * untouched. Clicking it opens the comments panel on that section.
 */
import { ID_ATTR } from '@ratify/schema';
import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

export const THREAD_MARK_CLASS = 'heading-threads';

export function threadCountLabel(count: number): string {
  return count === 1 ? '1 open comment thread' : `${count} open comment threads`;
}

/** What the heading shows (short: it sits beside the title). */
export function threadCountBadge(count: number): string {
  return count === 1 ? '1 comment' : `${count} comments`;
}

function widget(sectionId: string, count: number) {
  return () => {
    const dom = document.createElement('span');
    dom.className = THREAD_MARK_CLASS;
    dom.contentEditable = 'false';
    dom.dataset.sectionId = sectionId;
    dom.dataset.count = String(count);
    dom.dataset.label = threadCountBadge(count);
    dom.title = `${threadCountLabel(count)}: show them`;
    // The outline and the comments panel say it in words; here it is a pointer's shortcut.
    dom.setAttribute('aria-hidden', 'true');
    return dom;
  };
}

/** A widget at the end of each section heading with open threads. */
export function threadCountDecorations(
  doc: PMNode,
  counts: ReadonlyMap<string, number>,
): DecorationSet {
  const decorations: Decoration[] = [];
  doc.forEach((block, offset) => {
    if (block.type.name !== 'heading') return;
    const id = block.attrs[ID_ATTR];
    const count = typeof id === 'string' ? (counts.get(id) ?? 0) : 0;
    if (count <= 0) return;
    decorations.push(
      Decoration.widget(offset + block.nodeSize - 1, widget(id, count), {
        side: 1,
        ignoreSelection: true,
        key: `threads:${id}:${count}`,
      }),
    );
  });
  return DecorationSet.create(doc, decorations);
}

interface CountsState {
  counts: ReadonlyMap<string, number>;
  set: DecorationSet;
}

const key = new PluginKey<CountsState>('ratifyThreadCounts');

function countsPlugin(onOpen: (sectionId: string) => void) {
  return new Plugin<CountsState>({
    key,
    state: {
      init: () => ({ counts: new Map(), set: DecorationSet.empty }),
      apply(tr, value, _old, state) {
        const counts = (tr.getMeta(key) as CountsState['counts'] | undefined) ?? value.counts;
        if (counts === value.counts && !tr.docChanged) return value;
        return { counts, set: threadCountDecorations(state.doc, counts) };
      },
    },
    props: {
      decorations: (state) => key.getState(state)?.set ?? null,
      handleDOMEvents: {
        mousedown(_view, event) {
          const target = event.target instanceof Element ? event.target : null;
          const id = target?.closest<HTMLElement>(`.${THREAD_MARK_CLASS}`)?.dataset.sectionId;
          if (!id) return false;
          // Keep the caret where it is: this opens the panel, it does not edit.
          event.preventDefault();
          onOpen(id);
          return true;
        },
      },
    },
  });
}

/** Install the counts on the editor; returns how to show new counts, and how to remove it. */
export function installThreadMarks(editor: Editor, onOpen: (sectionId: string) => void) {
  editor.registerPlugin(countsPlugin(onOpen));
  return {
    show(counts: ReadonlyMap<string, number>) {
      if (editor.isDestroyed) return;
      editor.view.dispatch(editor.state.tr.setMeta(key, counts).setMeta('addToHistory', false));
    },
    remove() {
      if (!editor.isDestroyed) editor.unregisterPlugin(key);
    },
  };
}
