/** The comment threads of one document (apps/server/src/http/comments.ts). */
import type { CommentThreadView } from '@ratify/schema';
import { apiRequest as request } from '../api';
import type { OutboxRequest } from './drafts';
import { parseReads, type Reads } from './unread';

const threadsPath = (docId: string) => `/api/docs/${encodeURIComponent(docId)}/comments`;
const threadPath = (docId: string, threadId: string) =>
  `${threadsPath(docId)}/${encodeURIComponent(threadId)}`;

export interface NewAnchor {
  start: string;
  end: string;
  quote: string;
}

type ThreadAnswer = Promise<{ thread: CommentThreadView }>;
const send = (path: string, method: string, body?: unknown): ThreadAnswer =>
  request<{ thread: CommentThreadView }>(path, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

/** The threads, and when the caller last read each (null: this server keeps no reads). */
export async function listThreads(
  docId: string,
): Promise<{ threads: CommentThreadView[]; reads: Reads }> {
  const body = await request<{ threads: CommentThreadView[]; reads?: unknown }>(threadsPath(docId));
  return { threads: body.threads, reads: parseReads(body.reads) };
}

/** The caller has read the thread now. */
export function markThreadRead(docId: string, threadId: string): Promise<void> {
  return request<void>(`${threadPath(docId, threadId)}/read`, { method: 'POST' });
}

export async function createThread(
  docId: string,
  sectionId: string,
  body: string,
  anchor: NewAnchor | null,
): Promise<CommentThreadView> {
  const payload = anchor ? { sectionId, anchor, body } : { sectionId, body };
  return (await send(threadsPath(docId), 'POST', payload)).thread;
}

export async function reply(docId: string, threadId: string, body: string) {
  return (await send(`${threadPath(docId, threadId)}/replies`, 'POST', { body })).thread;
}

export async function editComment(docId: string, threadId: string, id: string, body: string) {
  const path = `${threadPath(docId, threadId)}/${encodeURIComponent(id)}`;
  return (await send(path, 'PATCH', { body })).thread;
}

export async function deleteComment(docId: string, threadId: string, id: string) {
  const path = `${threadPath(docId, threadId)}/${encodeURIComponent(id)}`;
  return (await send(path, 'DELETE')).thread;
}

export async function setResolved(docId: string, threadId: string, resolved: boolean) {
  const path = `${threadPath(docId, threadId)}/${resolved ? 'resolve' : 'reopen'}`;
  return (await send(path, 'POST')).thread;
}

/** Send a new thread, a reply or an edit (what the outbox holds). */
export function sendComment(docId: string, item: OutboxRequest): Promise<CommentThreadView> {
  switch (item.kind) {
    case 'create':
      return createThread(docId, item.sectionId, item.body, item.anchor);
    case 'reply':
      return reply(docId, item.threadId, item.body);
    case 'edit':
      return editComment(docId, item.threadId, item.commentId, item.body);
  }
}
