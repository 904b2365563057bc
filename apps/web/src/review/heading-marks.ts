/**
 * A sign-off marker on each section heading in the document: a node decoration that sets
 * `data-signoff` (approved, stale, changes, pending) and a label the stylesheet shows after the
 * heading. Attributes only, no widget: the document's text, the caret and the hashes are
 * untouched.
 */
import { ID_ATTR } from '@ratify/schema';
import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { isCurrentApproval, type SectionReview } from './state';

export type HeadingMarkKind = 'approved' | 'stale' | 'changes' | 'pending';
export interface HeadingMark {
  kind: HeadingMarkKind;
  label: string;
}

/** The marker of a section, or null when nobody must sign it. */
export function headingMark(review: SectionReview): HeadingMark | null {
  const { reviewers } = review;
  if (reviewers.length === 0) return null;
  if (review.approved) return { kind: 'approved', label: 'Signed off' };
  if (reviewers.some((s) => s.state === 'stale')) return { kind: 'stale', label: 'Sign-off stale' };
  if (reviewers.some((s) => s.verdict === 'changes_requested' && s.state === 'current')) {
    return { kind: 'changes', label: 'Changes requested' };
  }
  const signed = reviewers.filter(isCurrentApproval).length;
  return { kind: 'pending', label: `${signed} of ${reviewers.length} signed` };
}

export function headingMarks(reviews: readonly SectionReview[]): Map<string, HeadingMark> {
  const marks = new Map<string, HeadingMark>();
  for (const review of reviews) {
    const mark = headingMark(review);
    if (mark) marks.set(review.id, mark);
  }
  return marks;
}

export function markDecorations(doc: PMNode, marks: ReadonlyMap<string, HeadingMark>) {
  const decorations: Decoration[] = [];
  doc.forEach((block, offset) => {
    const mark = block.type.name === 'heading' ? marks.get(block.attrs[ID_ATTR]) : undefined;
    if (mark) {
      decorations.push(
        Decoration.node(offset, offset + block.nodeSize, {
          'data-signoff': mark.kind,
          'data-signoff-label': mark.label,
        }),
      );
    }
  });
  return DecorationSet.create(doc, decorations);
}

interface MarksState {
  marks: ReadonlyMap<string, HeadingMark>;
  set: DecorationSet;
}

const key = new PluginKey<MarksState>('ratifySignoffMarks');

function marksPlugin() {
  return new Plugin<MarksState>({
    key,
    state: {
      init: () => ({ marks: new Map(), set: DecorationSet.empty }),
      apply(tr, value, _old, state) {
        const marks = (tr.getMeta(key) as MarksState['marks'] | undefined) ?? value.marks;
        if (marks === value.marks && !tr.docChanged) return value;
        return { marks, set: markDecorations(state.doc, marks) };
      },
    },
    props: { decorations: (state) => key.getState(state)?.set ?? null },
  });
}

/** Install the plugin on the editor; returns how to show new marks, and how to remove it. */
export function installHeadingMarks(editor: Editor) {
  editor.registerPlugin(marksPlugin());
  return {
    show(marks: ReadonlyMap<string, HeadingMark>) {
      if (editor.isDestroyed) return;
      editor.view.dispatch(editor.state.tr.setMeta(key, marks).setMeta('addToHistory', false));
    },
    remove() {
      if (!editor.isDestroyed) editor.unregisterPlugin(key);
    },
  };
}
