/**
 * Full-text search over documents: titles, section text (field values included) and comments.
 * One interface, one contract suite (search.contract.ts), two backends: SQLite FTS5 for the
 * embedded store, PostgreSQL full-text search (tsvector, GIN) for the production one. The index
 * is derived data: rebuilt from the documents at any time, kept current off the edit path.
 */

export type SearchKind = 'title' | 'section' | 'comment';

/** One searchable piece of a document. */
export interface SearchEntry {
  kind: SearchKind;
  /** The section it sits in (a comment's thread's section), or null for the title. */
  sectionId: string | null;
  /** The thread, for a comment. */
  threadId: string | null;
  /** Shown as the hit's heading: the section title, or the document title. */
  heading: string;
  /** The text searched and quoted in snippets. */
  body: string;
}

export interface SearchDocument {
  docId: string;
  title: string;
  entries: SearchEntry[];
}

/** A run of a snippet, `hit` where it matched the query. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SearchHit {
  docId: string;
  docTitle: string;
  kind: SearchKind;
  sectionId: string | null;
  threadId: string | null;
  heading: string;
  snippet: SnippetPart[];
}

export interface SearchIndex {
  /** Replace everything indexed for the document, atomically. */
  indexDocument(doc: SearchDocument, at: number): Promise<void>;
  removeDocument(docId: string): Promise<void>;
  /** When the document was last indexed (ms), or null if it never was. */
  indexedAt(docId: string): Promise<number | null>;
  /**
   * The best matches of `query` (words, each matching as a prefix; all must occur) within the
   * documents `docIds`, best first.
   */
  search(query: string, docIds: readonly string[], limit: number): Promise<SearchHit[]>;
}

/** Snippet text marks hits between these (control characters no document text keeps). */
export const HIT_START = '\u0002';
export const HIT_END = '\u0003';

/** A snippet with HIT_START/HIT_END marks as parts. */
export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = marked;
  while (rest.length > 0) {
    const start = rest.indexOf(HIT_START);
    if (start === -1) {
      parts.push({ text: rest, hit: false });
      break;
    }
    if (start > 0) parts.push({ text: rest.slice(0, start), hit: false });
    const end = rest.indexOf(HIT_END, start + 1);
    const stop = end === -1 ? rest.length : end;
    parts.push({ text: rest.slice(start + 1, stop), hit: true });
    rest = end === -1 ? '' : rest.slice(end + 1);
  }
  return parts.filter((p) => p.text.length > 0);
}

/**
 * The words of a query, lower-cased, letters and digits only (everything else separates words):
 * what both backends search for, so neither ever sees its own query syntax from a user.
 */
export function queryWords(query: string): string[] {
  return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
}

/** A hit as both backends' queries return it. */
export interface HitRow {
  doc_id: string;
  doc_title: string;
  kind: SearchKind;
  section_id: string | null;
  thread_id: string | null;
  heading: string;
  /** With HIT_START/HIT_END around each matching run. */
  snippet: string;
}

export const toHit = (r: HitRow): SearchHit => ({
  docId: r.doc_id,
  docTitle: r.doc_title,
  kind: r.kind,
  sectionId: r.section_id,
  threadId: r.thread_id,
  heading: r.heading,
  snippet: snippetParts(r.snippet),
});
