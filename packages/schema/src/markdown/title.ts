import type { JSONContent } from '@tiptap/core';
import { MarkdownImportError, markdownToDoc } from './index.js';
import { plainText } from './starter-kit.js';

/**
 * The text of a document's first level-1 heading at the top level, as plain text: formatting
 * stripped, whitespace collapsed; empty headings are skipped. Null when there is none.
 */
export function docTitle(doc: JSONContent): string | null {
  for (const block of doc.content ?? []) {
    if (block.type !== 'heading' || block.attrs?.level !== 1) continue;
    const title = plainText(block.content).replace(/\s+/g, ' ').trim();
    if (title) return title;
  }
  return null;
}

/**
 * The text of a Markdown file's first level-1 heading (`# Title`, or `Title` underlined with
 * `===`), as `docTitle` reads it from the imported document. Null when there is none, or when
 * the file cannot be imported at all. A caller that imports the file anyway should call
 * `docTitle` on its result instead of parsing twice.
 */
export function markdownTitle(markdown: string): string | null {
  let doc: JSONContent;
  try {
    doc = markdownToDoc(markdown);
  } catch (error) {
    if (error instanceof MarkdownImportError) return null;
    throw error;
  }
  return docTitle(doc);
}
