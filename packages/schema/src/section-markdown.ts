import type { JSONContent } from '@tiptap/core';
import { docToMarkdown } from './markdown/index.js';
import { NON_CONTENT_NODES, sectionRange } from './sections.js';

/**
 * One section of a document (its heading and blocks, see sections.ts) as Markdown: what a
 * reviewer signed, and what it became, for showing what changed since. What the hash leaves out
 * (the change log) is left out here too, so an approval's own row never shows as a change.
 */
export function sectionMarkdown(doc: JSONContent, sectionId: string): string | null {
  const range = sectionRange(doc, sectionId);
  if (range === null) return null;
  const blocks = (doc.content ?? [])
    .slice(range.startIndex, range.endIndex)
    .filter((block) => !NON_CONTENT_NODES.has(block.type ?? ''));
  return docToMarkdown({ type: 'doc', content: blocks });
}
