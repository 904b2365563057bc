import type {
  JSONContent,
  MarkdownParseHelpers,
  MarkdownRendererHelpers,
  MarkdownToken,
  MarkdownTokenizer,
  RenderContext,
} from '@tiptap/core';
import Document from '@tiptap/extension-document';
import { BulletList, OrderedList } from '@tiptap/extension-list';
import Paragraph from '@tiptap/extension-paragraph';
import { Table } from '@tiptap/extension-table';
import { CHANGE_LOG_COLUMNS } from '../nodes/change-log.js';
import { escapeFieldLike, escapeLineStart } from './escape.js';
import { classifyListItem, type ReviewListItem } from './list-items.js';

type ParseMarkdown = (token: MarkdownToken, h: MarkdownParseHelpers) => unknown;
interface WithParent {
  parent: ParseMarkdown | null;
}

function reviewItemJSON(item: ReviewListItem, h: MarkdownParseHelpers): JSONContent {
  const inline = (text: string): JSONContent[] => {
    if (!text) return [];
    if (!h.tokenizeInline) throw new Error('@tiptap/markdown did not provide tokenizeInline');
    return h.parseInline(h.tokenizeInline(text));
  };
  if (item.kind === 'checklist') {
    return { type: 'checklistItem', attrs: { state: item.state }, content: inline(item.text) };
  }
  return {
    type: 'field',
    attrs: { label: item.label, placeholder: item.placeholder },
    content: inline(item.value),
  };
}

/**
 * Bullet lists whose items read as checklist items or fields become checklist
 * and field nodes; runs of ordinary items in the same list stay a bullet list.
 */
export const ReviewBulletList = BulletList.extend({
  parseMarkdown(this: WithParent, token: MarkdownToken, h: MarkdownParseHelpers) {
    const parent = this.parent;
    if (token.ordered || !token.items?.length || !parent) return parent?.(token, h) ?? [];

    const nodes: JSONContent[] = [];
    let plain: MarkdownToken[] = [];
    const flushPlain = () => {
      if (plain.length === 0) return;
      const result = parent({ ...token, items: plain }, h);
      if (Array.isArray(result)) nodes.push(...(result as JSONContent[]));
      else if (result) nodes.push(result as JSONContent);
      plain = [];
    };

    for (const item of token.items) {
      const review = classifyListItem(item);
      if (!review) {
        plain.push(item);
        continue;
      }
      flushPlain();
      const json = reviewItemJSON(review, h);
      const last = nodes[nodes.length - 1];
      if (json.type === 'checklistItem' && last?.type === 'checklist') {
        last.content?.push(json);
      } else if (json.type === 'checklistItem') {
        nodes.push({ type: 'checklist', content: [json] });
      } else {
        nodes.push(json);
      }
    }
    flushPlain();
    return nodes;
  },
});

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

// A superset of the markers TipTap's ordered lists accept (1. a) iv. …).
const MAYBE_ORDERED_ITEM = /^\s*[0-9A-Za-z]{1,12}[.)]\s/;
const TABLE_SEPARATOR = /^[ \t|:]*-[ \t|:-]*$/;

export const ReviewOrderedList = OrderedList.extend({
  markdownTokenizer: guardTokenizer(
    OrderedList.config.markdownTokenizer as MarkdownTokenizer,
    1,
    ([first]) => MAYBE_ORDERED_ITEM.test(first ?? ''),
  ),
});

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
    // Two checklists in a row would read back as one list anyway.
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

type RenderMarkdown = (node: JSONContent, h: MarkdownRendererHelpers, ctx: RenderContext) => string;

/**
 * Paragraph text that starts like a block marker is escaped, and so is the
 * first paragraph of a bullet item that would read back as a field.
 */
export const ReviewParagraph = Paragraph.extend({
  renderMarkdown(this: { parent: RenderMarkdown | null }, node, h, ctx) {
    const rendered = this.parent?.(node, h, ctx) ?? '';
    const escaped = escapeLineStart(rendered);
    return ctx.parentType === 'listItem' && ctx.index === 0 ? escapeFieldLike(escaped) : escaped;
  },
});
