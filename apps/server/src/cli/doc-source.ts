// What the document commands (import, export, docs, diff, verify) need, whichever way they reach
// the documents: the stores directly (direct-source.ts) or a running server's REST API
// (remote-source.ts).
import {
  type ChainCheck,
  type DocumentDiff,
  docTitle,
  type JSONContent,
  MAX_MARKDOWN_BYTES,
  MarkdownImportError,
  markdownToDoc,
  normalizeTitle,
} from '@ratify/schema';
import { CliError } from './errors.js';

export interface DocSummary {
  id: string;
  title: string;
  /** Milliseconds since the epoch. */
  updatedAt: number;
}

/** A diff with what each side was (`current`, `version 3`, `1.1` …). */
export interface LabelledDiff extends DocumentDiff {
  from: string;
  to: string;
}

/** A Markdown file checked and converted, ready to become a document. */
export interface PreparedImport {
  file: string;
  markdown: string;
  content: JSONContent;
  title: string;
  /** The title given with --title (null: the file's heading). */
  askedTitle: string | null;
}

export interface DocSource {
  list(): Promise<DocSummary[]>;
  /** Check what creating documents needs (who will own them) before the first is created. */
  beforeCreate(): Promise<void>;
  /** Create one document; its id and title. */
  create(doc: PreparedImport): Promise<{ id: string; title: string }>;
  /** The document as Markdown: now, or as version `version`. */
  exportMarkdown(id: string, version?: number): Promise<string>;
  diff(id: string, from: string, to: string): Promise<LabelledDiff>;
  verify(id: string): Promise<ChainCheck>;
  close(): Promise<void>;
}

/** False for a document that is nothing but one empty paragraph (or nothing at all). */
function hasContent(doc: JSONContent): boolean {
  const blocks = doc.content ?? [];
  if (blocks.length === 0) return false;
  const [first] = blocks;
  return !(blocks.length === 1 && first?.type === 'paragraph' && !first.content?.length);
}

/**
 * Check and convert a Markdown file the way the server's import does (POST /api/docs), so that
 * every file of an import is known good before the first document is created: not empty, valid,
 * and titled (by --title, else its level-1 heading).
 */
export function prepareImport(file: string, markdown: string, title?: string): PreparedImport {
  if (markdown.length > MAX_MARKDOWN_BYTES) {
    throw new CliError(`${file} is too large to import (at most ${MAX_MARKDOWN_BYTES} characters)`);
  }
  if (markdown.trim() === '') throw new CliError(`${file} is empty: there is nothing to import`);
  let content: JSONContent;
  try {
    content = markdownToDoc(markdown);
  } catch (error) {
    if (error instanceof MarkdownImportError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
  if (!hasContent(content)) throw new CliError(`${file} has no content to import`);
  const askedTitle = title === undefined ? null : normalizeTitle(title);
  if (title !== undefined && askedTitle === null) {
    throw new CliError('--title is empty: give a title, or leave it out to use the heading');
  }
  const fileTitle = askedTitle ?? normalizeTitle(docTitle(content));
  if (fileTitle === null) {
    throw new CliError(
      `${file} has no title: start it with a level-1 heading such as "# Payments platform review", or give --title`,
    );
  }
  return { file, markdown, content, title: fileTitle, askedTitle };
}

/** What a side of a diff may name: `current`, a version number, `last-approval` or `1.1`. */
export function diffRef(value: string, option: string): string {
  if (
    value === 'current' ||
    value === 'last-approval' ||
    /^\d{1,9}$/.test(value) ||
    /^\d{1,4}\.\d{1,4}$/.test(value)
  ) {
    return value;
  }
  throw new CliError(
    `${option} ${JSON.stringify(value)}: give a version number, an approved version such as 1.1, last-approval or current`,
  );
}

/** A version number from --version. */
export function versionNumber(value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) {
    throw new CliError(`--version ${JSON.stringify(value)}: give a version number (1, 2, 3 …)`);
  }
  return Number(value);
}
