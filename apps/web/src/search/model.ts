/** Pure helpers of the search dialog and box (no React, no DOM): tested in model.test.ts. */
import { docPath } from '../router';

export type HitKind = 'title' | 'section' | 'comment';

/** A run of a snippet, `hit` where it matched the query. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** One hit of GET /api/search (apps/server/src/http/search.ts). */
export interface SearchHit {
  docId: string;
  docTitle: string;
  kind: HitKind;
  sectionId: string | null;
  threadId: string | null;
  heading: string;
  snippet: SnippetPart[];
}

/** The hits of one document, in the order the server ranked its first hit. */
export interface HitGroup {
  docId: string;
  docTitle: string;
  /** Each hit with its position in the flat list (the listbox's option order). */
  hits: { hit: SearchHit; index: number }[];
}

/** How long typing must pause before a query is sent. */
export const SEARCH_DEBOUNCE_MS = 200;
/** The server refuses longer queries. */
export const MAX_QUERY_LENGTH = 500;

const KINDS: readonly HitKind[] = ['title', 'section', 'comment'];
const str = (v: unknown): v is string => typeof v === 'string';
const strOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

function toSnippet(value: unknown): SnippetPart[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((part: unknown) => {
    const p = part as { text?: unknown; hit?: unknown } | null;
    return p && str(p.text) ? [{ text: p.text, hit: p.hit === true }] : [];
  });
}

/** The hits of a response body, dropping anything malformed (never trusting the shape). */
export function parseHits(body: unknown): SearchHit[] {
  const hits = (body as { hits?: unknown } | null)?.hits;
  if (!Array.isArray(hits)) return [];
  return hits.flatMap((value: unknown) => {
    const v = value as Record<string, unknown> | null;
    if (!v || !str(v.docId) || !str(v.docTitle) || !KINDS.includes(v.kind as HitKind)) return [];
    if (!strOrNull(v.sectionId) || !strOrNull(v.threadId)) return [];
    return [
      {
        docId: v.docId,
        docTitle: v.docTitle,
        kind: v.kind as HitKind,
        sectionId: v.sectionId,
        threadId: v.threadId,
        heading: str(v.heading) ? v.heading : '',
        snippet: toSnippet(v.snippet),
      },
    ];
  });
}

/** The query as sent: trimmed and cut to what the server accepts; '' means "do not ask". */
export function normaliseQuery(raw: string): string {
  return raw.trim().slice(0, MAX_QUERY_LENGTH).trim();
}

/** Group hits by document, documents in the order of their best hit. */
export function groupByDoc(hits: readonly SearchHit[]): HitGroup[] {
  const groups = new Map<string, HitGroup>();
  hits.forEach((hit, index) => {
    let group = groups.get(hit.docId);
    if (!group) {
      group = { docId: hit.docId, docTitle: hit.docTitle, hits: [] };
      groups.set(hit.docId, group);
    }
    group.hits.push({ hit, index });
  });
  return [...groups.values()];
}

/**
 * The flat order of the options as shown (grouped by document), so arrow keys follow the
 * screen: `order[i]` is the hit shown i-th.
 */
export function displayOrder(hits: readonly SearchHit[]): SearchHit[] {
  return groupByDoc(hits).flatMap((g) => g.hits.map((h) => h.hit));
}

/** Where a hit leads: the document, at its comment thread or its section when it has one. */
export function hitHref(hit: SearchHit): string {
  const base = docPath(hit.docId);
  if (hit.kind === 'comment' && hit.threadId) {
    return `${base}#thread-${encodeURIComponent(hit.threadId)}`;
  }
  if (hit.sectionId) return `${base}#section-${encodeURIComponent(hit.sectionId)}`;
  return base;
}

/** What the hit is, in words, for its label. */
export function kindLabel(kind: HitKind): string {
  return kind === 'title' ? 'Title' : kind === 'comment' ? 'Comment' : 'Section';
}

/** The active option after an arrow key: wraps around; -1 when there is none. */
export function moveActive(current: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  if (current < 0) return delta > 0 ? 0 : count - 1;
  return (((current + delta) % count) + count) % count;
}

/** Ctrl+K, or ⌘K on a Mac: opens the search dialog from anywhere, inputs included. */
export function isSearchShortcut(event: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}): boolean {
  return (
    (event.ctrlKey || event.metaKey) &&
    !event.altKey &&
    !event.shiftKey &&
    event.key.toLowerCase() === 'k'
  );
}

/** The snippet as plain text (for an accessible name). */
export const snippetText = (parts: readonly SnippetPart[]) => parts.map((p) => p.text).join('');
