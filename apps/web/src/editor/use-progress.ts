import type { Node as PMNode } from '@tiptap/pm/model';
import { type Editor, useEditorState } from '@tiptap/react';
import { useState } from 'react';
import {
  type ChecklistProgress,
  checklistProgress,
  newBlockCountCache,
  sameProgress,
} from './progress';

/**
 * Live checklist progress. The selector runs on each transaction, but does nothing when the
 * document did not change (selection moves, remote carets), and otherwise re-counts only the
 * top-level blocks that changed (BlockCountCache); components re-render only when a count did.
 */
export function useChecklistProgress(editor: Editor): ChecklistProgress {
  const [memo] = useState(() => ({
    cache: newBlockCountCache(),
    doc: null as PMNode | null,
    progress: null as ChecklistProgress | null,
  }));
  return useEditorState({
    editor,
    selector: ({ editor: current }) => {
      const { doc } = current.state;
      if (memo.doc !== doc || memo.progress === null) {
        memo.doc = doc;
        memo.progress = checklistProgress(doc, memo.cache);
      }
      return memo.progress;
    },
    equalityFn: sameProgress,
  });
}
