/** The comment threads of one document (apps/server/src/http/comments.ts). */
import type { CommentThreadView } from '@ratify/schema';
import { apiRequest as request } from '../api';

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

export async function listThreads(docId: string): Promise<CommentThreadView[]> {
  return (await request<{ threads: CommentThreadView[] }>(threadsPath(docId))).threads;
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
