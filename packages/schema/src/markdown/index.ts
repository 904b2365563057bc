import type { JSONContent } from '@tiptap/core';
import { reviewExtensions, reviewSchema } from '../extensions.js';
import { withNodeIds } from '../ids.js';
import { MARKDOWN_LIMITS, markdownLimitViolation } from './limits.js';
import { createMarkdownManager } from './manager.js';
import { buildValidNode } from './repair.js';

/** Markdown larger than this is refused rather than parsed (a review document is far smaller). */
export const MAX_MARKDOWN_BYTES = MARKDOWN_LIMITS.maxCharacters;

/** Thrown for Markdown that cannot become a review document; `message` says why. */
export class MarkdownImportError extends Error {
  override readonly name = 'MarkdownImportError';
}

const manager = createMarkdownManager(reviewExtensions);

/** Parses Markdown into a schema-valid review document with fresh node ids. */
export function markdownToDoc(markdown: string): JSONContent {
  if (typeof markdown !== 'string') {
    throw new MarkdownImportError(`Markdown must be a string, got ${typeof markdown}`);
  }
  const violation = markdownLimitViolation(markdown);
  if (violation) throw new MarkdownImportError(`Markdown cannot be imported: ${violation}`);
  let parsed: JSONContent;
  try {
    parsed = manager.parse(markdown.replace(/\r\n?/g, '\n'));
  } catch (error) {
    const reason = error instanceof RangeError ? 'it is nested too deeply' : String(error);
    throw new MarkdownImportError(`Markdown could not be parsed: ${reason}`);
  }
  const doc = buildValidNode(reviewSchema, parsed);
  if (!doc) throw new MarkdownImportError('Markdown did not produce a document');
  return withNodeIds(doc.toJSON() as JSONContent);
}

/** Serialises a review document to Markdown, ending with one newline. */
export function docToMarkdown(doc: JSONContent): string {
  const body = manager.serialize(normalizedForExport(doc));
  return body ? `${body.replace(/\n+$/, '')}\n` : '';
}

/**
 * The document as the schema holds it, so adjacent texts with the same marks are
 * one text (one code span, one emphasis); JSON the schema rejects is written as is.
 */
function normalizedForExport(doc: JSONContent): JSONContent {
  try {
    return reviewSchema.nodeFromJSON(doc).toJSON() as JSONContent;
  } catch {
    return doc;
  }
}

/**
 * The whitespace normalisation under which export(import(md)) equals md:
 * CRLF becomes LF, trailing spaces and tabs go, runs of blank lines become one,
 * and the text ends with exactly one newline.
 */
export function normalizeMarkdownWhitespace(markdown: string): string {
  const lines = markdown
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''));
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '')}\n`;
}
