import type { StoredComment, StoredThread, TextAnchor } from './comments.js';
import { type Int, int, intOrNull, json } from './rows.js';

/** Rows of the comment tables, in both backends. */
export interface ThreadRow {
  id: string;
  doc_id: string;
  section_id: string;
  anchor: string | TextAnchor | null;
  author_id: string;
  created_at: Int;
  resolved_at: Int | null;
  resolved_by: string | null;
}

export interface CommentRow {
  id: string;
  thread_id: string;
  author_id: string;
  body: string;
  created_at: Int;
  edited_at: Int | null;
  deleted_at: Int | null;
}

export const toComment = (r: CommentRow): StoredComment => ({
  id: r.id,
  threadId: r.thread_id,
  authorId: r.author_id,
  body: r.body,
  createdAt: int(r.created_at),
  editedAt: intOrNull(r.edited_at),
  deletedAt: intOrNull(r.deleted_at),
});

export const toThread = (r: ThreadRow, comments: StoredComment[]): StoredThread => ({
  id: r.id,
  docId: r.doc_id,
  sectionId: r.section_id,
  anchor: r.anchor === null ? null : json<TextAnchor>(r.anchor),
  authorId: r.author_id,
  createdAt: int(r.created_at),
  resolvedAt: intOrNull(r.resolved_at),
  resolvedBy: r.resolved_by,
  comments,
});
