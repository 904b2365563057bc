import type { AnyExtension, JSONContent } from '@tiptap/core';
import { MarkdownManager } from '@tiptap/markdown';
import type { marked } from 'marked';
import {
  codeSpan,
  escapeInlineText,
  type InlineSummary,
  summarizeInline,
  type TextNeighbours,
  UNKNOWN_BLOCK,
} from './inline-escape.js';
import { reviewMarked } from './marked.js';

interface TextEncoder {
  encodeTextForMarkdown(text: string, node: JSONContent, parent?: JSONContent): string;
}

const TABLE_CELLS = new Set(['changeLogCell', 'tableCell', 'tableHeader']);

// Summaries of the textblocks being written, for one serialisation at a time.
let summaries = new WeakMap<JSONContent, InlineSummary>();

interface TextContext {
  summary: InlineSummary;
  neighbours: TextNeighbours;
}

/** The textblock around a text node, and what is written next to it. */
function contextOf(node: JSONContent, parent: JSONContent | undefined): TextContext {
  const siblings = parent?.content ?? [];
  const index = siblings.indexOf(node);
  if (!parent || index < 0) {
    return { summary: UNKNOWN_BLOCK, neighbours: { before: null, after: null } };
  }
  let summary = summaries.get(parent);
  if (!summary) {
    summary = summarizeInline(siblings);
    // TipTap reads a table row's code spans before its cells: a backtick may pair
    // with one in another cell.
    if (TABLE_CELLS.has(parent.type ?? '')) {
      summary = { pairable: new Set([...summary.pairable, '`']) };
    }
    summaries.set(parent, summary);
  }
  // Marks open and close next to the text, so only an unmarked text sees a line's edges.
  const bare = !node.marks?.length;
  const previous = siblings[index - 1];
  const next = siblings[index + 1];
  const lineStart = !previous || previous.type === 'hardBreak';
  return {
    summary,
    neighbours: { before: lineStart && bare ? '\n' : null, after: !next && bare ? '' : null },
  };
}

const isCodeMarked = (node: JSONContent) => (node.marks ?? []).some((m) => m.type === 'code');
const isLinkMarked = (node: JSONContent) => (node.marks ?? []).some((m) => m.type === 'link');

/**
 * @tiptap/markdown 3.31 writes `<`, `>` and `&` as HTML entities and escapes
 * `\ ` * _ [ ] ~` everywhere, and fences inline code with one backtick whatever
 * it holds. Text is written here instead: as typed, escaped only where it
 * would otherwise read as Markdown, code spans fenced longer than the code.
 */
function encodeTextForMarkdown(text: string, node: JSONContent, parent?: JSONContent): string {
  if (parent?.type === 'codeBlock') return text;
  if (isCodeMarked(node)) return codeSpan(text);
  const { summary, neighbours } = contextOf(node, parent);
  return escapeInlineText(text, summary, neighbours, isLinkMarked(node));
}

export function createMarkdownManager(extensions: AnyExtension[]): MarkdownManager {
  const manager = new MarkdownManager({
    extensions,
    // A Marked instance has every member MarkdownManager uses; the type asks for the module.
    marked: reviewMarked() as unknown as typeof marked,
  });
  const patched = manager as unknown as TextEncoder;
  // The method is private; fail loudly if an upgrade renames it rather than escape wrongly.
  if (typeof patched.encodeTextForMarkdown !== 'function') {
    throw new Error('@tiptap/markdown no longer has encodeTextForMarkdown; review manager.ts');
  }
  patched.encodeTextForMarkdown = encodeTextForMarkdown;
  const serialize = manager.serialize.bind(manager);
  manager.serialize = (doc: JSONContent) => {
    summaries = new WeakMap();
    return serialize(doc);
  };
  return manager;
}
