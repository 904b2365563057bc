/**
 * Comment threads the server owns: anchored to a section (its stable id) and optionally to a
 * text range in the content document (Yjs relative positions plus the quoted text), never stored
 * in the document clients write. A backend implements this beside the other stores and passes
 * `registerCommentContractTests`.
 */

export interface TextAnchor {
  /** Y.RelativePosition (encoded, base64) of the range's start and end in the content. */
  start: string;
  end: string;
  /** The text the range covered when the thread was opened. */
  quote: string;
}

export interface StoredComment {
  id: string;
  threadId: string;
  authorId: string;
  /** Markdown-light text (bold, code, links), shown as text: never as HTML. */
  body: string;
  createdAt: number;
  editedAt: number | null;
  /** A deleted comment keeps its place in the thread, without its body. */
  deletedAt: number | null;
}

export interface StoredThread {
  id: string;
  docId: string;
  sectionId: string;
  anchor: TextAnchor | null;
  authorId: string;
  createdAt: number;
  resolvedAt: number | null;
  resolvedBy: string | null;
  /** Oldest first. */
  comments: StoredComment[];
}

export interface CommentStore {
  /** A new thread with its first comment. */
  createThread(
    thread: Omit<StoredThread, 'comments' | 'resolvedAt' | 'resolvedBy'>,
    first: StoredComment,
  ): Promise<void>;
  addComment(comment: StoredComment): Promise<void>;
  getThread(docId: string, threadId: string): Promise<StoredThread | null>;
  /** Every thread of the document, oldest first, with their comments. */
  listThreads(docId: string): Promise<StoredThread[]>;
  /** The comment, if it belongs to a thread of this document. */
  getComment(docId: string, commentId: string): Promise<StoredComment | null>;
  editComment(commentId: string, body: string, now: number): Promise<void>;
  /** Soft delete: the body is cleared, the comment stays as "deleted". */
  deleteComment(commentId: string, now: number): Promise<void>;
  setResolved(threadId: string, resolved: { at: number; by: string } | null): Promise<void>;
  /** The user read the thread at `at` (a later mark replaces an earlier one, never the reverse). */
  markThreadRead(userId: string, threadId: string, at: number): Promise<void>;
  /** When the user last read each thread of the document (threads never read are absent). */
  threadReads(docId: string, userId: string): Promise<Map<string, number>>;
  /** Forget a deleted document's threads, comments and read marks. */
  deleteDocComments(docId: string): Promise<void>;
}
