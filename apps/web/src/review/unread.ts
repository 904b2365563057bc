/**
 * Per-user unread markers on comment threads. The server keeps when each user last read each
 * thread (`reads`, its clock); a thread is unread when it has a comment by someone else, not
 * deleted, made after that time (or the user never read it). Pushed threads are the same for
 * everyone, so this is computed here. Times are compared as the server wrote them, never
 * against this device's clock.
 */
import type { CommentThreadView } from '@ratify/schema';

/** Thread id → ISO time the user last read it; null: the server keeps no reads. */
export type Reads = ReadonlyMap<string, string> | null;

const time = (iso: string | undefined) => (iso === undefined ? Number.NaN : Date.parse(iso));

export function isUnread(
  thread: CommentThreadView,
  readAt: string | undefined,
  selfId: string | null,
): boolean {
  const read = time(readAt);
  return thread.comments.some(
    (c) => !c.deleted && c.authorId !== selfId && (Number.isNaN(read) || time(c.createdAt) > read),
  );
}

/** The unread threads' ids (none when the server keeps no reads). */
export function unreadThreadIds(
  threads: readonly CommentThreadView[],
  reads: Reads,
  selfId: string | null,
): Set<string> {
  const ids = new Set<string>();
  if (reads === null) return ids;
  for (const thread of threads)
    if (isUnread(thread, reads.get(thread.id), selfId)) ids.add(thread.id);
  return ids;
}

/** The newest comment's time: what reading the thread now covers, in the server's clock. */
export function latestCommentAt(thread: CommentThreadView): string | null {
  let latest: string | null = null;
  for (const c of thread.comments) {
    if (latest === null || time(c.createdAt) > time(latest)) latest = c.createdAt;
  }
  return latest;
}

/** The reads with `thread` read up to its newest comment (never moved back). */
export function withRead(reads: Reads, thread: CommentThreadView): Reads {
  if (reads === null) return null;
  const latest = latestCommentAt(thread);
  if (latest === null) return reads;
  const known = reads.get(thread.id);
  if (known !== undefined && time(known) >= time(latest)) return reads;
  const next = new Map(reads);
  next.set(thread.id, latest);
  return next;
}

/** The `reads` of a comments answer; null when the server sent none (it keeps no reads). */
export function parseReads(value: unknown): Reads {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const reads = new Map<string, string>();
  for (const [id, at] of Object.entries(value)) {
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at))) reads.set(id, at);
  }
  return reads;
}
