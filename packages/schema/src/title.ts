import type * as Y from 'yjs';

/**
 * A review's title lives in the document itself, next to the content: the Y.Map `meta` of the
 * content Y.Doc, key `title`. It syncs live like every other edit (last writer wins, so two
 * people renaming at once end with one of the two names, never a mix), works offline, and is
 * what the server copies into its stored list title. It is not part of the ProseMirror content,
 * so renaming never touches the document's headings (a template review keeps its
 * "Technical Architecture Framework" heading; the review's own name is shown above it).
 */
export const YDOC_META_FIELD = 'meta';
export const TITLE_KEY = 'title';
export const MAX_TITLE_LENGTH = 200;
export const DEFAULT_TITLE = 'Untitled review';

/**
 * Whitespace (newlines and tabs included) collapsed to single spaces, control characters
 * removed, trimmed and capped at MAX_TITLE_LENGTH; null when nothing usable is left or the
 * value is not a string.
 */
export function normalizeTitle(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const title = raw
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!title) return null;
  // Cut on a code point boundary so a surrogate pair is never split.
  return Array.from(title).slice(0, MAX_TITLE_LENGTH).join('').trim();
}

/** The Y.Map that holds the title (created on first use, like any Yjs root type). */
export function metaMap(ydoc: Y.Doc): Y.Map<unknown> {
  return ydoc.getMap(YDOC_META_FIELD);
}

/** The title stored in the document, or null if it has none (or something unusable). */
export function readTitle(ydoc: Y.Doc): string | null {
  return normalizeTitle(metaMap(ydoc).get(TITLE_KEY));
}

/**
 * Set the document's title; returns the title written, or null (and writes nothing) when
 * `raw` normalizes to nothing or equals the current title.
 */
export function writeTitle(ydoc: Y.Doc, raw: string, origin?: unknown): string | null {
  const title = normalizeTitle(raw);
  if (title === null || title === readTitle(ydoc)) return null;
  ydoc.transact(() => metaMap(ydoc).set(TITLE_KEY, title), origin);
  return title;
}
