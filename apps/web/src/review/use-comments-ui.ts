import type { Role } from '@ratify/schema';
import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CollabSession } from '../editor/collab';
import { hashTarget, onLocationChange } from '../router';
import type { ThreadPermissions } from './CommentThread';
import { type SelectionTarget, selectionTarget } from './comment-anchors';
import { isOpen } from './comments-state';
import { boxKey } from './drafts';
import { type CommentsModel, useComments } from './use-comments';

/** Ctrl/Cmd+Alt+M (by key position: Alt changes the character on a Mac). */
export function isCommentShortcut(
  event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'code'>,
) {
  return (
    (event.ctrlKey || event.metaKey) && event.altKey && !event.shiftKey && event.code === 'KeyM'
  );
}

/** What the panel is asked to show: a thread (a highlight, a notification) or a section. */
export type FocusRequest = { threadId: string } | { sectionId: string };

export interface CommentsUi {
  model: CommentsModel;
  open: boolean;
  setOpen: (open: boolean) => void;
  openCount: number;
  permissions: ThreadPermissions;
  draft: SelectionTarget | null;
  /** A new object per request. */
  focusRequest: FocusRequest | null;
  /** Start a new thread on the selection (or the caret's section) and show the panel. */
  startDraft: () => void;
  endDraft: () => void;
  /** Show this thread in the panel (and count it read). */
  openThread: (threadId: string) => void;
}

/**
 * The comments panel's state beside the editor: the threads, whether the panel is open, the new
 * thread being written (kept on this device, so a reload reopens it), the thread or section a
 * click or the address (`#thread-…`) points at, and the keyboard shortcut. `role` null: not
 * known (the server decides).
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
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(null);
  // The thread a highlight or the address asked for, until the threads have loaded.
  const [wanted, setWanted] = useState<string | null>(null);
  const openThread = useCallback((threadId: string) => setWanted(threadId), []);
  const openSection = useCallback((sectionId: string) => {
    setFocusRequest({ sectionId });
    setOpen(true);
  }, []);
  const model = useComments({
    docId,
    session,
    editor,
    selfId,
    onOpenThread: openThread,
    onOpenSection: openSection,
  });
  const canComment = role !== 'viewer';
  const permissions = useMemo(
    () => ({
      selfId,
      canComment,
      canModerate: role === 'owner' || role === 'editor' || role === null,
    }),
    [selfId, canComment, role],
  );

  const { threads, loaded, markRead } = model;
  useEffect(() => {
    if (wanted === null) return;
    if (!threads.some((t) => t.id === wanted)) {
      // Loaded without it: deleted, or not this document's.
      if (loaded) setWanted(null);
      return;
    }
    setWanted(null);
    setFocusRequest({ threadId: wanted });
    setOpen(true);
    markRead(wanted);
  }, [wanted, threads, loaded, markRead]);

  // `#thread-<id>` in the address (a notification's link) opens that thread.
  useEffect(() => {
    const check = () => {
      const target = hashTarget(window.location.hash);
      if (target?.kind === 'thread') setWanted(target.threadId);
    };
    check();
    return onLocationChange(check);
  }, []);

  // A new comment being written before a reload: its box opens again, with its text.
  const { drafts } = model;
  useEffect(() => {
    const saved = drafts.typed(boxKey.newThread);
    if (saved?.target && canComment) {
      setDraft(saved.target);
      setOpen(true);
    }
  }, [drafts, canComment]);

  const startDraft = useCallback(() => {
    if (!canComment || editor.isDestroyed) return;
    model.clearError();
    const target = selectionTarget(editor);
    // Text typed for a new comment before stays; it is now on this target.
    if (drafts.typed(boxKey.newThread)) drafts.updateTyped(boxKey.newThread, { target });
    setDraft(target);
    setFocusRequest(null);
    setOpen(true);
  }, [canComment, editor, model.clearError, drafts]);

  const startRef = useRef(startDraft);
  startRef.current = startDraft;
  useEffect(() => {
    if (!canComment) return;
    const onKey = (event: KeyboardEvent) => {
      if (!isCommentShortcut(event)) return;
      event.preventDefault();
      startRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canComment]);

  const endDraft = useCallback(() => {
    drafts.clearTyped(boxKey.newThread);
    setDraft(null);
  }, [drafts]);

  const setPanelOpen = useCallback((next: boolean) => {
    setOpen(next);
    if (!next) {
      // Closing keeps what was typed: the box comes back with it next time.
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
    endDraft,
    openThread,
  };
}
