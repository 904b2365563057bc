import type {
  JSONContent,
  MarkdownParseHelpers,
  MarkdownRendererHelpers,
  MarkdownToken,
  MarkdownTokenizer,
  RenderContext,
} from '@tiptap/core';
import { Extension } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import { Table } from '@tiptap/extension-table';
import { CHANGE_LOG_COLUMNS } from '../nodes/change-log.js';
import { escapeLines, escapeListItemStart } from './escape.js';

type ParseMarkdown = (token: MarkdownToken, h: MarkdownParseHelpers) => unknown;
interface WithParent {
  parent: ParseMarkdown | null;
}

function isChangeLogHeader(header: unknown): header is { text: string }[] {
  return (
    Array.isArray(header) &&
    header.length === CHANGE_LOG_COLUMNS.length &&
    header.every(
      (cell, i) =>
        typeof cell?.text === 'string' &&
        cell.text.trim().toLowerCase() === CHANGE_LOG_COLUMNS[i]?.toLowerCase(),
    )
  );
}

/** The first `count` lines of `src`, found without splitting all of it. */
function leadingLines(src: string, count: number): string[] {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < count && start <= src.length) {
    const end = src.indexOf('\n', start);
    lines.push(src.slice(start, end < 0 ? src.length : end));
    if (end < 0) break;
    start = end + 1;
  }
  return lines;
}

/**
 * TipTap's own block tokenizers split the whole remaining source at every block,
 * which is quadratic on long documents. These guards look at the first lines
 * and only call the original tokenizer when its token can start there.
 */
function guardTokenizer(
  tokenizer: MarkdownTokenizer,
  lineCount: number,
  canStart: (lines: string[]) => boolean,
): MarkdownTokenizer {
  return {
    ...tokenizer,
    start: (src: string) => {
      if (!canStart(leadingLines(src, lineCount))) return -1;
      const { start } = tokenizer;
      if (typeof start === 'function') return start(src);
      return typeof start === 'string' ? src.indexOf(start) : 0;
    },
    tokenize: (src, tokens, helpers) =>
      canStart(leadingLines(src, lineCount)) ? tokenizer.tokenize(src, tokens, helpers) : undefined,
  };
}

const TABLE_SEPARATOR = /^[ \t|:]*-[ \t|:-]*$/;

/** A GFM table headed Date | Version | Changes | Approved By is a change log; others stay tables. */
export const ReviewTable = Table.extend({
  markdownTokenizer: guardTokenizer(
    Table.config.markdownTokenizer as MarkdownTokenizer,
    2,
    ([head, separator]) =>
      !!head?.includes('|') && !!separator?.includes('|') && TABLE_SEPARATOR.test(separator),
  ),

  parseMarkdown(this: WithParent, token: MarkdownToken, h: MarkdownParseHelpers) {
    if (!isChangeLogHeader(token.header)) return this.parent?.(token, h) ?? [];
    const rows = (token.rows ?? []) as { tokens?: MarkdownToken[] }[][];
    return {
      type: 'changeLog',
      content: rows.map((row) => ({
        type: 'changeLogRow',
        content: CHANGE_LOG_COLUMNS.map((_, i) => ({
          type: 'changeLogCell',
          content: h.parseInline(row[i]?.tokens ?? []),
        })),
      })),
    };
  },
});

const LINE_BLOCKS = new Set(['checklist', 'field']);

/**
 * Blank lines between blocks, except where the review template writes none:
 * after a section heading (the H1 title stands apart), between checklist items
 * and fields, and before the fenced block that belongs to a field.
 */
export function blockSeparator(previous: JSONContent, next: JSONContent): string {
  if (previous.type === 'heading') return previous.attrs?.level === 1 ? '\n\n' : '\n';
  if (LINE_BLOCKS.has(previous.type ?? '')) {
    if (previous.type === 'field' && next.type === 'codeBlock') return '\n';
    // Two checklists in a row stand apart (the second is written with `*`).
    if (
      LINE_BLOCKS.has(next.type ?? '') &&
      !(previous.type === 'checklist' && next.type === 'checklist')
    ) {
      return '\n';
    }
  }
  return '\n\n';
}

export const ReviewDocument = Document.extend({
  renderMarkdown: (node, h) => {
    const blocks: JSONContent[] = node.content ?? [];
    return blocks
      .map((block, i) => {
        // Some renderers (tables) pad their block with newlines; the separator decides those.
        const rendered = (
          h.renderChild ? h.renderChild(block, i) : h.renderChildren([block])
        ).replace(/^\n+|\n+$/g, '');
        const previous = blocks[i - 1];
        return previous ? blockSeparator(previous, block) + rendered : rendered;
      })
      .join('');
  },
});

/**
 * A paragraph's inline tokens without the spaces and tabs that start and end it,
 * which CommonMark drops (marked keeps them). Written references (`&#32;`) stay.
 */
function trimmedInline(tokens: MarkdownToken[]): MarkdownToken[] {
  const out = [...tokens];
  const first = out[0];
  const last = out[out.length - 1];
  // Only literal spaces count: the text's own start and end match its source's.
  const lead = first?.type === 'text' ? (/^[ \t]*/.exec(String(first.raw))?.[0].length ?? 0) : 0;
  if (first && lead) out[0] = { ...first, text: String(first.text ?? '').slice(lead) };
  const tail = last?.type === 'text' ? (/[ \t]*$/.exec(String(last.raw))?.[0].length ?? 0) : 0;
  const end = out[out.length - 1];
  if (end && tail) {
    const text = String(end.text ?? '');
    out[out.length - 1] = { ...end, text: text.slice(0, text.length - tail) };
  }
  return out.filter((token) => token.type !== 'text' || token.text !== '');
}

type RenderMarkdown = (node: JSONContent, h: MarkdownRendererHelpers, ctx: RenderContext) => string;

/**
 * Paragraph lines that start like a block marker are escaped, and so is the
 * first paragraph of a bullet item that would read back as a checklist item or
 * a field. A paragraph holding only an image stays a paragraph (images are inline).
 */
export const ReviewParagraph = Paragraph.extend({
  parseMarkdown(this: WithParent, token: MarkdownToken, h: MarkdownParseHelpers) {
    const tokens = trimmedInline(token.tokens ?? []);
    if (tokens.length === 1 && tokens[0]?.type === 'image') {
      return { type: 'paragraph', content: h.parseInline(tokens) };
    }
    return this.parent?.({ ...token, tokens }, h) ?? [];
  },

  renderMarkdown(this: { parent: RenderMarkdown | null }, node, h, ctx) {
    const rendered = this.parent?.(node, h, ctx) ?? '';
    const escaped = escapeLines(rendered);
    return ctx.parentType === 'listItem' && ctx.index === 0
      ? escapeListItemStart(escaped)
      : escaped;
  },
});

/**
 * An HTML block is kept as a paragraph of literal text, in the browser as on the
 * server (@tiptap/markdown would parse it as HTML wherever there is a DOM).
 */
export const RawHtmlAsText = Extension.create({
  name: 'rawHtmlAsText',
  markdownTokenName: 'html',
  parseMarkdown: (token: MarkdownToken) => {
    const text = String(token.raw ?? token.text ?? '').replace(/\s+$/, '');
    return text ? { type: 'paragraph', content: [{ type: 'text', text }] } : [];
  },
});
