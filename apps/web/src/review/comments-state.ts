/**
 * Comment threads, pure parts: merging pushes, grouping by section in document order, the
 * open/resolved filter, and where an anchor is in the content document now (the same rule as
 * the server's apps/server/src/review/anchors.ts: exactly the quoted text, or removed).
 */
import type { CommentThreadView } from '@ratify/schema';
import * as Y from 'yjs';

export type ThreadFilter = 'open' | 'resolved';
export type AnchorState = 'attached' | 'removed';

/** The threads with `thread` put in place of the one with its id (or added), oldest first. */
export function upsertThread(
  threads: readonly CommentThreadView[],
  thread: CommentThreadView,
): CommentThreadView[] {
  const index = threads.findIndex((t) => t.id === thread.id);
  if (index === -1) return sortThreads([...threads, thread]);
  const next = [...threads];
  next[index] = thread;
  return next;
}

export function sortThreads(threads: CommentThreadView[]): CommentThreadView[] {
  return threads.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

export const isOpen = (thread: CommentThreadView) => thread.resolvedAt === null;

export interface SectionGroup {
  id: string;
  title: string;
  threads: CommentThreadView[];
}

export interface ThreadGroups {
  sections: SectionGroup[];
  /** Threads whose section was deleted (listed apart, never lost). */
  detached: CommentThreadView[];
}

/**
 * The threads that pass the filter, per section in the order of `sections` (the live
 * document's); sections without threads are left out. A thread on a section this document does
 * not have (yet) is listed with the detached ones.
 */
export function groupThreads(
  threads: readonly CommentThreadView[],
  sections: readonly { id: string; title: string }[],
  filter: ThreadFilter,
): ThreadGroups {
  const shown = threads.filter((t) => (filter === 'open' ? isOpen(t) : !isOpen(t)));
  const known = new Set(sections.map((s) => s.id));
  const groups = sections.flatMap((section) => {
    const own = shown.filter((t) => !t.detached && t.sectionId === section.id);
    return own.length > 0 ? [{ id: section.id, title: section.title, threads: own }] : [];
  });
  const detached = shown.filter((t) => t.detached || !known.has(t.sectionId));
  return { sections: groups, detached };
}

/** Open threads per section id (for the heading counts). */
export function openCounts(threads: readonly CommentThreadView[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of threads) {
    if (isOpen(t) && !t.detached) counts.set(t.sectionId, (counts.get(t.sectionId) ?? 0) + 1);
  }
  return counts;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function decodePosition(encoded: string): Y.RelativePosition | null {
  try {
    const binary = atob(encoded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return Y.decodeRelativePosition(bytes);
  } catch {
    return null;
  }
}

/** The plain text of a Y.XmlText (embeds count as one character, as in positions). */
export function plainText(text: Y.XmlText): string {
  return (text.toDelta() as Array<{ insert: unknown }>)
    .map((op) => (typeof op.insert === 'string' ? op.insert : '\uFFFC'))
    .join('');
}

/** Whether the anchor still covers exactly its quote in `doc`. */
export function anchorStateIn(
  doc: Y.Doc,
  anchor: { start: string; end: string; quote: string },
): AnchorState {
  const start = decodePosition(anchor.start);
  const end = decodePosition(anchor.end);
  if (!start || !end) return 'removed';
  const from = Y.createAbsolutePositionFromRelativePosition(start, doc);
  const to = Y.createAbsolutePositionFromRelativePosition(end, doc);
  if (!from || !to || from.type !== to.type || !(from.type instanceof Y.XmlText)) {
    return 'removed';
  }
  if (from.index >= to.index) return 'removed';
  return plainText(from.type).slice(from.index, to.index) === anchor.quote ? 'attached' : 'removed';
}

/** Each anchored thread's state in `doc` now. */
export function anchorStates(
  doc: Y.Doc,
  threads: readonly CommentThreadView[],
): Map<string, AnchorState> {
  const states = new Map<string, AnchorState>();
  for (const t of threads) if (t.anchor) states.set(t.id, anchorStateIn(doc, t.anchor));
  return states;
}

/**
 * An anchor for the text from `fromIndex` to `toIndex` of one Y.XmlText, as the server wants it:
 * the start sticks to the character after it (assoc 0), the end to the one before (assoc -1).
 */
export function anchorInText(text: Y.XmlText, fromIndex: number, toIndex: number) {
  const encode = (index: number, assoc: number) =>
    toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index, assoc)));
  return {
    start: encode(fromIndex, 0),
    end: encode(toIndex, -1),
    quote: plainText(text).slice(fromIndex, toIndex),
  };
}
