import type { Role } from '@ratify/schema';
import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CollabSession } from '../editor/collab';
import type { ThreadPermissions } from './CommentThread';
import { type SelectionTarget, selectionTarget } from './comment-anchors';
import { isOpen } from './comments-state';
import { type CommentsModel, useComments } from './use-comments';

/** Ctrl/Cmd+Alt+M (by key position: Alt changes the character on a Mac). */
export function isCommentShortcut(
  event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'code'>,
) {
  return (
    (event.ctrlKey || event.metaKey) && event.altKey && !event.shiftKey && event.code === 'KeyM'
  );
}

export interface CommentsUi {
  model: CommentsModel;
  open: boolean;
  setOpen: (open: boolean) => void;
  openCount: number;
  permissions: ThreadPermissions;
  draft: SelectionTarget | null;
  /** The thread a clicked highlight asked for (a new object per click). */
  focusRequest: { threadId: string } | null;
  /** Start a new thread on the selection (or the caret's section) and show the panel. */
  startDraft: () => void;
  endDraft: () => void;
}

/**
 * The comments panel's state beside the editor: the threads, whether the panel is open, the new
 * thread being written, the thread a clicked highlight points at, and the keyboard shortcut.
 * `role` null: not known (the server decides).
 */
export function useCommentsUi({
  docId,
  session,
  editor,
  role,
  selfId,
}: {
  docId: string;
  session: CollabSession;
  editor: Editor;
  role: Role | null;
  selfId: string | null;
}): CommentsUi {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<SelectionTarget | null>(null);
  const [focusRequest, setFocusRequest] = useState<{ threadId: string } | null>(null);
  const openThread = useCallback((threadId: string) => {
    setFocusRequest({ threadId });
    setOpen(true);
  }, []);
  const model = useComments({ docId, session, editor, onOpenThread: openThread });
  const canComment = role !== 'viewer';
  const permissions = useMemo(
    () => ({
      selfId,
      canComment,
      canModerate: role === 'owner' || role === 'editor' || role === null,
    }),
    [selfId, canComment, role],
  );

  const startDraft = useCallback(() => {
    if (!canComment || editor.isDestroyed) return;
    model.clearError();
    setDraft(selectionTarget(editor));
    setFocusRequest(null);
    setOpen(true);
  }, [canComment, editor, model.clearError]);

  useEffect(() => {
    if (!canComment) return;
    const onKey = (event: KeyboardEvent) => {
      if (!isCommentShortcut(event)) return;
      event.preventDefault();
      startDraft();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canComment, startDraft]);

  const setPanelOpen = useCallback((next: boolean) => {
    setOpen(next);
    if (!next) {
      setDraft(null);
      setFocusRequest(null);
    }
  }, []);

  return {
    model,
    open,
    setOpen: setPanelOpen,
    openCount: model.threads.filter((t) => isOpen(t) && !t.detached).length,
    permissions,
    draft,
    focusRequest,
    startDraft,
    endDraft: useCallback(() => setDraft(null), []),
  };
}
