import type { JSONContent } from '@tiptap/core';
import { docToMarkdown } from './markdown/index.js';
import { sectionRange } from './sections.js';

/**
 * One section of a document (its heading and blocks, see sections.ts) as Markdown: what a
 * reviewer signed, and what it became, for showing what changed since.
 */
export function sectionMarkdown(doc: JSONContent, sectionId: string): string | null {
  const range = sectionRange(doc, sectionId);
  if (range === null) return null;
  const blocks = (doc.content ?? []).slice(range.startIndex, range.endIndex);
  return docToMarkdown({ type: 'doc', content: blocks });
}
