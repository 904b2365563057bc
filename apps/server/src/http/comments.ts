import { type CommentThreadView, roleAllows, sectionsOf, yDocToJSON } from '@ratify/schema';
import { type Response, Router } from 'express';
import type * as Y from 'yjs';
import { z } from 'zod';
import { newId } from '../ids.js';
import { anchorSlice, resolveAnchor, sectionOfText } from '../review/anchors.js';
import type { AccountStore } from '../storage/accounts.js';
import type { CommentStore, StoredComment, StoredThread } from '../storage/comments.js';
import type { RequestLog } from '../storage/requests.js';
import type { Storage } from '../storage/storage.js';
import { readDocState } from '../sync/doc-state.js';
import type { Hub } from '../sync/hub.js';
import { DocAccess, docIdParam, documentNotFound } from './doc-access.js';
import { HttpError, parseOr400 } from './errors.js';
import { idempotent } from './idempotency.js';

const Body = z.string().trim().min(1, 'a comment needs some text').max(10_000);

export const NewThreadSchema = z.strictObject({
  sectionId: z.string().min(1).max(64),
  anchor: z
    .strictObject({
      start: z.string().min(1).max(200),
      end: z.string().min(1).max(200),
      quote: z.string().min(1).max(2_000),
    })
    .optional(),
  body: Body,
});

export const CommentBodySchema = z.strictObject({ body: Body });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A stored thread as clients see it, resolved against the document's content now. */
export function threadView(
  thread: StoredThread,
  doc: Y.Doc,
  sectionIds: { has(sectionId: string): boolean },
): CommentThreadView {
  const resolved = thread.anchor === null ? null : resolveAnchor(doc, thread.anchor);
  const sectionId = resolved?.sectionId ?? thread.sectionId;
  return {
    id: thread.id,
    sectionId,
    anchor:
      thread.anchor === null || resolved === null
        ? null
        : { ...thread.anchor, state: resolved.state },
    detached: !sectionIds.has(sectionId) && resolved?.state !== 'attached',
    authorId: thread.authorId,
    createdAt: iso(thread.createdAt) as string,
    resolvedAt: iso(thread.resolvedAt),
    resolvedBy: thread.resolvedBy,
    comments: thread.comments.map((c) => ({
      id: c.id,
      authorId: c.authorId,
      body: c.deletedAt === null ? c.body : '',
      createdAt: iso(c.createdAt) as string,
      editedAt: iso(c.editedAt),
      deleted: c.deletedAt !== null,
    })),
  };
}

/**
 * Comment threads over REST. The author is always the signed-in user; the server checks the
 * role, stores the change, and pushes the thread (resolved against the live content) to the
 * document's `?review=1` connections. Comments never touch the content document.
 */
export function commentsRouter(deps: {
  storage: Storage;
  accounts: AccountStore;
  comments: CommentStore;
  hub: Hub;
  /** Request ids: a retried comment (same Idempotency-Key) is written once. */
  requests: RequestLog;
  /** Any change to a thread or its comments (the search index follows). */
  threadChanged?: (docId: string) => void;
  /** A thread was opened or replied to (the webhooks' comment.created). */
  created?: (docId: string, thread: CommentThreadView) => void;
  /**
   * A comment was written or edited (`previousBody`): notifications. Awaited before the answer,
   * so whoever is told has it by then; it never throws.
   */
  commented?: (
    docId: string,
    thread: StoredThread,
    comment: StoredComment,
    where: { sectionId: string; sectionTitle: string | null },
    previousBody?: string,
  ) => Promise<void>;
}): Router {
  const { storage, accounts, comments, hub } = deps;
  const access = new DocAccess(storage, accounts);
  const router = Router();
  const docId = docIdParam;

  /** Read the content; `sections` maps each section id to its title. */
  async function withContent<T>(
    id: string,
    read: (doc: Y.Doc, sections: Map<string, string>) => T,
  ) {
    const state = await readDocState(hub, storage, id, (doc) =>
      read(doc, new Map(sectionsOf(yDocToJSON(doc)).map((s) => [s.id, s.title]))),
    );
    if (state === null) throw documentNotFound(id);
    return state.value;
  }

  /**
   * The thread's view now, pushed to everyone, and sent as the answer. `written`: the comment
   * just written or edited (and its body before an edit), for notifications.
   */
  async function publish(
    res: Response,
    id: string,
    threadId: string,
    status = 200,
    written?: { commentId: string; previousBody?: string },
  ) {
    const thread = await comments.getThread(id, threadId);
    if (thread === null) throw new HttpError(404, 'thread_not_found', 'no such thread');
    const { view, title } = await withContent(id, (doc, sections) => {
      const v = threadView(thread, doc, sections);
      return { view: v, title: sections.get(v.sectionId) ?? null };
    });
    hub.pushReview(id, { kind: 'thread', thread: view });
    deps.threadChanged?.(id);
    if (status === 201) deps.created?.(id, view);
    const comment = thread.comments.find((c) => c.id === written?.commentId);
    if (written !== undefined && comment !== undefined) {
      if (written.previousBody === undefined) {
        // Writing in a thread reads it.
        await comments.markThreadRead(comment.authorId, thread.id, comment.createdAt);
      }
      await deps.commented?.(
        id,
        thread,
        comment,
        { sectionId: view.sectionId, sectionTitle: title },
        written.previousBody,
      );
    }
    res.status(status).json({ thread: view });
  }

  async function threadOf(id: string, threadId: string): Promise<StoredThread> {
    const thread = await comments.getThread(id, threadId);
    if (thread === null) throw new HttpError(404, 'thread_not_found', 'no such thread');
    return thread;
  }

  router.get('/docs/:id/comments', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'read');
    const [threads, reads] = await Promise.all([
      comments.listThreads(id),
      comments.threadReads(id, auth.user.id),
    ]);
    const views = await withContent(id, (doc, sections) =>
      threads.map((t) => threadView(t, doc, sections)),
    );
    res.json({
      threads: views,
      // When the caller last read each thread: the client marks newer comments unread.
      reads: Object.fromEntries([...reads].map(([threadId, at]) => [threadId, iso(at)])),
    });
  });

  router.post('/docs/:id/comments/:threadId/read', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'read');
    const thread = await threadOf(id, String(req.params.threadId));
    // Up to the newest comment, not the clock: a comment stamped later is still unread.
    const newest = Math.max(thread.createdAt, ...thread.comments.map((c) => c.createdAt));
    await comments.markThreadRead(auth.user.id, thread.id, Math.max(newest, Date.now()));
    res.status(204).end();
  });

  router.post('/docs/:id/comments', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'comment');
    const body = parseOr400(NewThreadSchema, req.body ?? {});
    await idempotent(deps.requests, req, res, auth.user.id, () => newThread(res, id, auth, body));
  });

  async function newThread(
    res: Response,
    id: string,
    auth: { user: { id: string } },
    body: z.infer<typeof NewThreadSchema>,
  ) {
    await withContent(id, (doc, sections) => {
      if (!sections.has(body.sectionId)) {
        throw new HttpError(
          422,
          'section_not_found',
          `the document has no section ${body.sectionId}`,
        );
      }
      if (body.anchor === undefined) return;
      const found = anchorSlice(doc, body.anchor);
      if (found === null || found.slice !== body.anchor.quote) {
        throw new HttpError(
          422,
          'anchor_mismatch',
          'the selected text is not in the document as quoted (it may have just changed): select it again',
        );
      }
      if (sectionOfText(doc, found.text) !== body.sectionId) {
        throw new HttpError(422, 'anchor_mismatch', 'the selected text is in another section');
      }
    });
    const now = Date.now();
    const threadId = newId();
    const commentId = newId();
    await comments.createThread(
      {
        id: threadId,
        docId: id,
        sectionId: body.sectionId,
        anchor: body.anchor ?? null,
        authorId: auth.user.id,
        createdAt: now,
      },
      {
        id: commentId,
        threadId,
        authorId: auth.user.id,
        body: body.body,
        createdAt: now,
        editedAt: null,
        deletedAt: null,
      },
    );
    await publish(res, id, threadId, 201, { commentId });
  }

  router.post('/docs/:id/comments/:threadId/replies', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'comment');
    const thread = await threadOf(id, String(req.params.threadId));
    const { body } = parseOr400(CommentBodySchema, req.body ?? {});
    await idempotent(deps.requests, req, res, auth.user.id, async () => {
      const commentId = newId();
      await comments.addComment({
        id: commentId,
        threadId: thread.id,
        authorId: auth.user.id,
        body,
        createdAt: Date.now(),
        editedAt: null,
        deletedAt: null,
      });
      await publish(res, id, thread.id, 201, { commentId });
    });
  });

  /** A comment of this thread that the caller wrote and that is not deleted. */
  async function ownComment(res: Response, id: string, threadId: string, commentId: string) {
    const { auth } = await access.require(res, id, 'comment');
    const thread = await threadOf(id, threadId);
    const comment = thread.comments.find((c) => c.id === commentId);
    if (comment === undefined) throw new HttpError(404, 'comment_not_found', 'no such comment');
    if (comment.authorId !== auth.user.id) {
      throw new HttpError(403, 'not_the_author', 'only its author may change a comment');
    }
    if (comment.deletedAt !== null) {
      throw new HttpError(409, 'comment_deleted', 'the comment was deleted');
    }
    return comment;
  }

  router.patch('/docs/:id/comments/:threadId/:commentId', async (req, res) => {
    const id = docId(req.params.id);
    const threadId = String(req.params.threadId);
    const comment = await ownComment(res, id, threadId, String(req.params.commentId));
    const { body } = parseOr400(CommentBodySchema, req.body ?? {});
    await comments.editComment(comment.id, body, Date.now());
    await publish(res, id, threadId, 200, { commentId: comment.id, previousBody: comment.body });
  });

  router.delete('/docs/:id/comments/:threadId/:commentId', async (req, res) => {
    const id = docId(req.params.id);
    const threadId = String(req.params.threadId);
    const comment = await ownComment(res, id, threadId, String(req.params.commentId));
    await comments.deleteComment(comment.id, Date.now());
    await publish(res, id, threadId);
  });

  for (const action of ['resolve', 'reopen'] as const) {
    router.post(`/docs/:id/comments/:threadId/${action}`, async (req, res) => {
      const id = docId(req.params.id);
      const { auth, role } = await access.require(res, id, 'read');
      const thread = await threadOf(id, String(req.params.threadId));
      // The thread's author (whatever their role now), editors and owners.
      if (thread.authorId !== auth.user.id && !roleAllows(role, 'edit')) {
        throw new HttpError(
          403,
          'forbidden',
          `only the thread's author, editors and owners ${action} it`,
        );
      }
      await comments.setResolved(
        thread.id,
        action === 'resolve' ? { at: Date.now(), by: auth.user.id } : null,
      );
      await publish(res, id, thread.id);
    });
  }

  return router;
}
