import type { CommentThreadView } from '@ratify/schema';
import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError } from '../api';
import type { CollabSession } from '../editor/collab';
import { messageOf } from '../messages';
import { installCommentAnchors } from './comment-anchors';
import * as api from './comments-api';
import {
  type AnchorState,
  anchorStates,
  openCounts,
  sortThreads,
  upsertThread,
} from './comments-state';
import {
  type DraftStore,
  flushOutbox,
  type OutboxItem,
  type OutboxRequest,
  withTabLock,
} from './drafts';
import { installThreadMarks } from './thread-marks';
import { type Reads, unreadThreadIds, withRead } from './unread';
import { useCommentDrafts } from './use-comment-drafts';
import { useReloadOnConnect } from './use-reload-on-connect';

/** Anchor states are recomputed this long after the last change of the document. */
const STATES_DEBOUNCE_MS = 150;

export const OFFLINE_DRAFT_NOTICE =
  'Saved on this device. It will be posted when you are back online.';

export interface CommentsModel {
  loaded: boolean;
  threads: CommentThreadView[];
  /** Each anchored thread's anchor in this tab's document now (newer than the server's view). */
  anchorStates: ReadonlyMap<string, AnchorState>;
  /** Open threads per section id. */
  openCounts: ReadonlyMap<string, number>;
  /** Threads with comments by others that this user has not read. */
  unread: ReadonlySet<string>;
  /** Connected to the server now (else comments wait in the outbox). */
  connected: boolean;
  /** Comments written while disconnected (or refused), oldest first. */
  outbox: readonly OutboxItem[];
  /** The comment boxes' text on this device. */
  drafts: DraftStore;
  busy: boolean;
  error: string | null;
  notice: string | null;
  clearError(): void;
  create(sectionId: string, body: string, anchor: api.NewAnchor | null): Promise<boolean>;
  reply(threadId: string, body: string): Promise<boolean>;
  edit(threadId: string, commentId: string, body: string): Promise<boolean>;
  remove(threadId: string, commentId: string): Promise<boolean>;
  setResolved(threadId: string, resolved: boolean): Promise<boolean>;
  markRead(threadId: string): void;
  discardDraft(id: string): void;
  /** Try the outbox now (a refused item again, when `id` is given). */
  retryDrafts(id?: string): void;
}

const isNetworkError = (error: unknown) => error instanceof ApiError && error.status === 0;

export function useComments({
  docId,
  session,
  editor,
  selfId,
  onOpenThread,
  onOpenSection,
}: {
  docId: string;
  session: CollabSession;
  editor: Editor;
  selfId: string | null;
  /** A highlight in the document was clicked. */
  onOpenThread: (threadId: string) => void;
  /** A heading's thread count was clicked. */
  onOpenSection: (sectionId: string) => void;
}): CommentsModel {
  const [loaded, setLoaded] = useState(false);
  const [threads, setThreads] = useState<CommentThreadView[]>([]);
  const [reads, setReads] = useState<Reads>(null);
  const [states, setStates] = useState<ReadonlyMap<string, AnchorState>>(new Map());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { store: drafts, outbox } = useCommentDrafts(docId, selfId);
  const { connection } = useSyncExternalStore(
    session.tracker.subscribe,
    session.tracker.getSnapshot,
  );
  const connected = connection === 'live';
  // Threads pushed while a load was in flight: the push is newer than what the load returns.
  const pushedDuringLoad = useRef(new Map<string, CommentThreadView>());

  /** This user's own new thread or reply: the server counts it read by its author. */
  const took = useCallback((thread: CommentThreadView, ownPost: boolean) => {
    setThreads((known) => upsertThread(known, thread));
    if (ownPost) setReads((known) => withRead(known, thread));
  }, []);

  const flushing = useRef(false);
  const flush = useCallback(async () => {
    drafts.refresh();
    if (flushing.current || !drafts.outbox().some((i) => i.failed === undefined)) return;
    flushing.current = true;
    try {
      const result = await withTabLock(drafts.key, () =>
        flushOutbox(
          drafts,
          async (item) => {
            const thread = await api.sendComment(docId, item);
            took(thread, item.kind !== 'edit');
            return thread;
          },
          (caught) =>
            isNetworkError(caught)
              ? { offline: true }
              : { offline: false, reason: messageOf(caught) },
        ),
      );
      const count = result.posted.length;
      if (count > 0) {
        setNotice(count === 1 ? 'Your draft was posted.' : `Your ${count} drafts were posted.`);
      }
    } finally {
      flushing.current = false;
    }
  }, [docId, drafts, took]);

  const reload = useCallback(async () => {
    pushedDuringLoad.current = new Map();
    try {
      const answer = await api.listThreads(docId);
      let next = sortThreads(answer.threads);
      for (const pushed of pushedDuringLoad.current.values()) next = upsertThread(next, pushed);
      setThreads(next);
      setReads(answer.reads);
      setLoaded(true);
      setError(null);
    } catch (caught) {
      // Offline: the sync status says so; what was loaded stays.
      if (!isNetworkError(caught)) setError(messageOf(caught));
      return;
    }
    // Back online: what was written meanwhile goes out now.
    await flush();
  }, [docId, flush]);

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

  // The highlights in the document, and the open-thread count beside each heading.
  const openRef = useRef({ onOpenThread, onOpenSection });
  openRef.current = { onOpenThread, onOpenSection };
  const views = useRef<{
    anchors: ReturnType<typeof installCommentAnchors>;
    counts: ReturnType<typeof installThreadMarks>;
  } | null>(null);
  useEffect(() => {
    const installed = {
      anchors: installCommentAnchors(editor, (id) => openRef.current.onOpenThread(id)),
      counts: installThreadMarks(editor, (id) => openRef.current.onOpenSection(id)),
    };
    views.current = installed;
    return () => {
      installed.anchors.remove();
      installed.counts.remove();
    };
  }, [editor]);
  const counts = useMemo(() => openCounts(threads), [threads]);
  useEffect(() => views.current?.anchors.show(threads), [threads]);
  const countsKey = JSON.stringify([...counts]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: countsKey stands for counts
  useEffect(() => views.current?.counts.show(counts), [countsKey]);

  const unread = useMemo(() => unreadThreadIds(threads, reads, selfId), [threads, reads, selfId]);

  const run = useCallback(
    async (work: () => Promise<CommentThreadView>, done: string): Promise<boolean> => {
      setBusy(true);
      setError(null);
      setNotice(null);
      try {
        took(await work(), false);
        setNotice(done);
        return true;
      } catch (caught) {
        setError(messageOf(caught));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [took],
  );

  // A new thread, reply or edit: sent now when connected, else (or when the network fails on
  // the way) kept in the outbox and sent when the connection returns.
  const connectedRef = useRef(connected);
  connectedRef.current = connected;
  const post = useCallback(
    async (request: OutboxRequest, done: string): Promise<boolean> => {
      const keep = () => {
        drafts.enqueue(request);
        setError(null);
        setNotice(OFFLINE_DRAFT_NOTICE);
        return true;
      };
      if (!connectedRef.current) return keep();
      setBusy(true);
      setError(null);
      setNotice(null);
      try {
        took(await api.sendComment(docId, request), request.kind !== 'edit');
        setNotice(done);
        return true;
      } catch (caught) {
        if (isNetworkError(caught)) return keep();
        setError(messageOf(caught));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [docId, drafts, took],
  );

  const threadsRef = useRef(threads);
  threadsRef.current = threads;
  const unreadRef = useRef(unread);
  unreadRef.current = unread;
  const markRead = useCallback(
    (threadId: string) => {
      const thread = threadsRef.current.find((t) => t.id === threadId);
      if (!thread || !unreadRef.current.has(threadId)) return;
      setReads((known) => withRead(known, thread));
      // Not kept when it fails: the next load shows the thread unread again, which is true.
      api.markThreadRead(docId, threadId).catch(() => {});
    },
    [docId],
  );

  return {
    loaded,
    threads,
    anchorStates: states,
    openCounts: counts,
    unread,
    connected,
    outbox,
    drafts,
    busy,
    error,
    notice,
    clearError: useCallback(() => setError(null), []),
    create: useCallback(
      (sectionId, body, anchor) =>
        post({ kind: 'create', sectionId, anchor, body }, 'Comment added.'),
      [post],
    ),
    reply: useCallback(
      (threadId, body) => post({ kind: 'reply', threadId, body }, 'Reply added.'),
      [post],
    ),
    edit: useCallback(
      (threadId, commentId, body) =>
        post({ kind: 'edit', threadId, commentId, body }, 'Comment edited.'),
      [post],
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
    markRead,
    discardDraft: useCallback((id: string) => drafts.remove(id), [drafts]),
    retryDrafts: useCallback(
      (id?: string) => {
        if (id !== undefined) drafts.setFailed(id, null);
        void flush();
      },
      [drafts, flush],
    ),
  };
}
