/**
 * Comment anchors in the editor: the selection as a new thread's anchor, and a highlight (an
 * inline decoration, never a mark in the document) on each thread's quoted text. The highlights
 * are recomputed from the Yjs relative positions after each change of the document or of the
 * threads; in between, they are mapped through the change. Clicking one opens its thread.
 */
import type { CommentThreadView } from '@ratify/schema';
import type { Editor } from '@tiptap/core';
import { type EditorState, Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import {
  absolutePositionToRelativePosition,
  type ProsemirrorBinding,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { sectionIdAt } from '../editor/outline';
import type { NewAnchor } from './comments-api';
import { anchorInText, anchorStateIn, decodePosition } from './comments-state';

/** Longest quote the server takes. */
const MAX_QUOTE = 2_000;

function syncBinding(state: EditorState): ProsemirrorBinding | null {
  const sync = ySyncPluginKey.getState(state) as { binding?: ProsemirrorBinding } | undefined;
  return sync?.binding ?? null;
}

export interface SelectionTarget {
  /** The section the selection (or caret) is in; null before the first heading. */
  sectionId: string | null;
  anchor: NewAnchor | null;
  /** Why the selected text cannot be the anchor (the thread is then on the section). */
  problem: string | null;
}

/** The selected range: the editor's, or the page's when a read-only editor did not take it. */
function selectedRange(editor: Editor): { from: number; to: number } {
  const { from, to } = editor.state.selection;
  if (from !== to) return { from, to };
  const dom = window.getSelection();
  const { view } = editor;
  if (!dom || dom.isCollapsed || !dom.anchorNode || !dom.focusNode) return { from, to };
  if (!view.dom.contains(dom.anchorNode) || !view.dom.contains(dom.focusNode)) return { from, to };
  try {
    const a = view.posAtDOM(dom.anchorNode, dom.anchorOffset);
    const b = view.posAtDOM(dom.focusNode, dom.focusOffset);
    return { from: Math.min(a, b), to: Math.max(a, b) };
  } catch {
    return { from, to };
  }
}

/** What a new thread started now would be on. */
export function selectionTarget(editor: Editor): SelectionTarget {
  const { state } = editor;
  const { from, to } = selectedRange(editor);
  const sectionId = sectionIdAt(state.doc, from);
  if (from === to) return { sectionId, anchor: null, problem: null };
  const onSection = (problem: string) => ({ sectionId, anchor: null, problem });
  const $from = state.doc.resolve(from);
  const $to = state.doc.resolve(to);
  if (!$from.parent.inlineContent || !$from.sameParent($to)) {
    return onSection('The selection spans more than one block: the comment is on the section.');
  }
  const binding = syncBinding(state);
  if (!binding) return onSection('The document is not ready: the comment is on the section.');
  const toY = (pos: number) => {
    const relative = absolutePositionToRelativePosition(pos, binding.type, binding.mapping) as
      | Y.RelativePosition
      | undefined;
    return relative ? Y.createAbsolutePositionFromRelativePosition(relative, binding.doc) : null;
  };
  const start = toY(from);
  const end = toY(to);
  if (
    !start ||
    !end ||
    start.type !== end.type ||
    !(start.type instanceof Y.XmlText) ||
    start.index >= end.index
  ) {
    return onSection(
      'The selection is not plain text of one block: the comment is on the section.',
    );
  }
  const anchor = anchorInText(start.type, start.index, end.index);
  if (anchor.quote.length > MAX_QUOTE) {
    return onSection('The selection is too long to quote: the comment is on the section.');
  }
  return { sectionId, anchor, problem: null };
}

interface AnchorsState {
  threads: readonly CommentThreadView[];
  set: DecorationSet;
}

const key = new PluginKey<AnchorsState>('ratifyCommentAnchors');

/** The highlights of the threads' attached anchors in this state's document. */
function highlights(state: EditorState, threads: readonly CommentThreadView[]): DecorationSet {
  const binding = syncBinding(state);
  if (!binding) return DecorationSet.empty;
  const size = state.doc.content.size;
  const decorations: Decoration[] = [];
  for (const thread of threads) {
    const anchor = thread.anchor;
    if (!anchor || anchorStateIn(binding.doc, anchor) !== 'attached') continue;
    const start = decodePosition(anchor.start);
    const end = decodePosition(anchor.end);
    if (!start || !end) continue;
    try {
      const from = relativePositionToAbsolutePosition(
        binding.doc,
        binding.type,
        start,
        binding.mapping,
      );
      const to = relativePositionToAbsolutePosition(
        binding.doc,
        binding.type,
        end,
        binding.mapping,
      );
      if (from === null || to === null || from >= to || to > size) continue;
      decorations.push(
        Decoration.inline(from, to, {
          class:
            thread.resolvedAt === null
              ? 'comment-highlight'
              : 'comment-highlight comment-highlight--resolved',
          'data-thread-id': thread.id,
        }),
      );
    } catch {
      // a mapping y-tiptap does not expect: no highlight this time
    }
  }
  return DecorationSet.create(state.doc, decorations);
}

function anchorsPlugin(onOpen: (threadId: string) => void) {
  return new Plugin<AnchorsState>({
    key,
    state: {
      init: () => ({ threads: [], set: DecorationSet.empty }),
      apply(tr, value) {
        const meta = tr.getMeta(key) as Partial<AnchorsState> | undefined;
        if (meta?.set) return { ...value, set: meta.set };
        if (meta?.threads) return { ...value, threads: meta.threads };
        return tr.docChanged ? { ...value, set: value.set.map(tr.mapping, tr.doc) } : value;
      },
    },
    props: {
      decorations: (state) => key.getState(state)?.set ?? null,
      handleDOMEvents: {
        click(_view, event) {
          const target = event.target instanceof Element ? event.target : null;
          const id = target?.closest<HTMLElement>('.comment-highlight')?.dataset.threadId;
          if (id) onOpen(id);
          return false;
        },
      },
    },
    view(view: EditorView) {
      // After the binding has mapped this change (its plugin view may run after this one).
      let timer: number | undefined;
      const recompute = () => {
        timer = undefined;
        const current = key.getState(view.state);
        if (!current || view.isDestroyed) return;
        const set = highlights(view.state, current.threads);
        view.dispatch(view.state.tr.setMeta(key, { set }).setMeta('addToHistory', false));
      };
      return {
        update(updated, previous) {
          const before = key.getState(previous);
          const now = key.getState(updated.state);
          if (previous.doc === updated.state.doc && before?.threads === now?.threads) return;
          if (timer === undefined) timer = window.setTimeout(recompute, 0);
        },
        destroy() {
          window.clearTimeout(timer);
        },
      };
    },
  });
}

/** Install the highlights on the editor; returns how to show new threads, and how to remove it. */
export function installCommentAnchors(editor: Editor, onOpen: (threadId: string) => void) {
  editor.registerPlugin(anchorsPlugin(onOpen));
  return {
    show(threads: readonly CommentThreadView[]) {
      if (editor.isDestroyed) return;
      editor.view.dispatch(
        editor.state.tr.setMeta(key, { threads }).setMeta('addToHistory', false),
      );
    },
    remove() {
      if (!editor.isDestroyed) editor.unregisterPlugin(key);
    },
  };
}
