import type { CommentThreadView } from '@ratify/schema';
import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CollabSession } from '../editor/collab';
import { messageOf } from '../messages';
import { installCommentAnchors } from './comment-anchors';
import * as api from './comments-api';
import { type AnchorState, anchorStates, sortThreads, upsertThread } from './comments-state';
import { useReloadOnConnect } from './use-reload-on-connect';

/** Anchor states are recomputed this long after the last change of the document. */
const STATES_DEBOUNCE_MS = 150;

export interface CommentsModel {
  loaded: boolean;
  threads: CommentThreadView[];
  /** Each anchored thread's anchor in this tab's document now (newer than the server's view). */
  anchorStates: ReadonlyMap<string, AnchorState>;
  busy: boolean;
  error: string | null;
  notice: string | null;
  clearError(): void;
  create(sectionId: string, body: string, anchor: api.NewAnchor | null): Promise<boolean>;
  reply(threadId: string, body: string): Promise<boolean>;
  edit(threadId: string, commentId: string, body: string): Promise<boolean>;
  remove(threadId: string, commentId: string): Promise<boolean>;
  setResolved(threadId: string, resolved: boolean): Promise<boolean>;
}

export function useComments({
  docId,
  session,
  editor,
  onOpenThread,
}: {
  docId: string;
  session: CollabSession;
  editor: Editor;
  /** A highlight in the document was clicked. */
  onOpenThread: (threadId: string) => void;
}): CommentsModel {
  const [loaded, setLoaded] = useState(false);
  const [threads, setThreads] = useState<CommentThreadView[]>([]);
  const [states, setStates] = useState<ReadonlyMap<string, AnchorState>>(new Map());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Threads pushed while a load was in flight: the push is newer than what the load returns.
  const pushedDuringLoad = useRef(new Map<string, CommentThreadView>());

  const reload = useCallback(async () => {
    pushedDuringLoad.current = new Map();
    try {
      let next = sortThreads(await api.listThreads(docId));
      for (const pushed of pushedDuringLoad.current.values()) next = upsertThread(next, pushed);
      setThreads(next);
      setLoaded(true);
    } catch (caught) {
      setError(messageOf(caught));
    }
  }, [docId]);

  useEffect(() => {
    const off = session.onReview((event) => {
      if (event.kind !== 'thread') return;
      pushedDuringLoad.current.set(event.thread.id, event.thread);
      setThreads((known) => upsertThread(known, event.thread));
    });
    return off;
  }, [session]);
  useReloadOnConnect(session, reload);

  // Where each anchor is now, after each change of the document.
  useEffect(() => {
    let timer: number | undefined;
    const compute = () => {
      timer = undefined;
      setStates(anchorStates(session.doc, threads));
    };
    const schedule = () => {
      if (timer === undefined) timer = window.setTimeout(compute, STATES_DEBOUNCE_MS);
    };
    compute();
    session.doc.on('update', schedule);
    return () => {
      session.doc.off('update', schedule);
      window.clearTimeout(timer);
    };
  }, [session, threads]);

  // The highlights in the document.
  const openRef = useRef(onOpenThread);
  openRef.current = onOpenThread;
  const anchorsView = useRef<ReturnType<typeof installCommentAnchors> | null>(null);
  useEffect(() => {
    const installed = installCommentAnchors(editor, (id) => openRef.current(id));
    anchorsView.current = installed;
    return () => installed.remove();
  }, [editor]);
  useEffect(() => anchorsView.current?.show(threads), [threads]);

  const run = useCallback(
    async (work: () => Promise<CommentThreadView>, done: string): Promise<boolean> => {
      setBusy(true);
      setError(null);
      setNotice(null);
      try {
        const thread = await work();
        setThreads((known) => upsertThread(known, thread));
        setNotice(done);
        return true;
      } catch (caught) {
        setError(messageOf(caught));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [],
  );

  return {
    loaded,
    threads,
    anchorStates: states,
    busy,
    error,
    notice,
    clearError: useCallback(() => setError(null), []),
    create: useCallback(
      (sectionId, body, anchor) =>
        run(() => api.createThread(docId, sectionId, body, anchor), 'Comment added.'),
      [docId, run],
    ),
    reply: useCallback(
      (threadId, body) => run(() => api.reply(docId, threadId, body), 'Reply added.'),
      [docId, run],
    ),
    edit: useCallback(
      (threadId, commentId, body) =>
        run(() => api.editComment(docId, threadId, commentId, body), 'Comment edited.'),
      [docId, run],
    ),
    remove: useCallback(
      (threadId, commentId) =>
        run(() => api.deleteComment(docId, threadId, commentId), 'Comment deleted.'),
      [docId, run],
    ),
    setResolved: useCallback(
      (threadId, resolved) =>
        run(
          () => api.setResolved(docId, threadId, resolved),
          resolved ? 'Thread resolved.' : 'Thread reopened.',
        ),
      [docId, run],
    ),
  };
}
