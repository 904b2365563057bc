import {
  type AnyExtension,
  flattenExtensions,
  type JSONContent,
  type Mark,
  type MarkdownParseHelpers,
  type MarkdownRendererHelpers,
  type MarkdownToken,
  type Node,
} from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { decodeEntities } from './entities.js';
import { escapeLines } from './escape.js';
import { codeFence, escapeInfoString, linkDestination, linkTitle } from './inline-escape.js';

/**
 * StarterKit's code block, inline code, link, heading and hard break with
 * Markdown that keeps what was written (fences longer than the code, `<…>`
 * destinations, an escaped closing `#`). The packages are StarterKit's own
 * copies, taken from it so the schema needs no further dependency.
 */
const starterKitParts: AnyExtension[] = flattenExtensions([StarterKit]);

function part<T extends AnyExtension>(name: string, type: 'node' | 'mark'): T {
  const found = starterKitParts.find((extension) => extension.name === name);
  if (found?.type !== type) throw new Error(`StarterKit has no ${type} named ${name}`);
  return found as T;
}

/** The text of inline content, marks ignored: an image gives its alt text, a break a newline. */
export function plainText(content: readonly JSONContent[] | undefined): string {
  return (content ?? [])
    .map((node) => {
      if (node.type === 'text') return node.text ?? '';
      if (node.type === 'image') return String(node.attrs?.alt ?? '');
      if (node.type === 'hardBreak') return '\n';
      return plainText(node.content);
    })
    .join('');
}

/**
 * The code of a code token. Inside a fence indented by n spaces, CommonMark takes
 * up to n spaces off each line; marked 17 leaves lines indented less than n as
 * they are, so the code is taken from the source again.
 */
function fencedCode(token: MarkdownToken): string {
  const text = typeof token.text === 'string' ? token.text : '';
  const raw = typeof token.raw === 'string' ? token.raw : '';
  const indent = /^( {1,3})(?:`{3,}|~{3,})/.exec(raw)?.[1]?.length ?? 0;
  if (!indent || !text) return text;
  const lines = raw.split('\n').slice(1, 1 + text.split('\n').length);
  return lines.map((line) => line.replace(new RegExp(`^ {0,${indent}}`), '')).join('\n');
}

export const ReviewCodeBlock = part<Node>('codeBlock', 'node').extend({
  // Every code token: fenced (also when indented), indented, or unclosed.
  parseMarkdown: (token: MarkdownToken) => {
    const info = typeof token.lang === 'string' ? decodeEntities(token.lang) : '';
    const text = fencedCode(token);
    return {
      type: 'codeBlock',
      attrs: { language: info || null },
      content: text ? [{ type: 'text', text }] : [],
    };
  },
  renderMarkdown: (node: JSONContent) => {
    const code = plainText(node.content);
    const info = escapeInfoString(String(node.attrs?.language ?? ''));
    const fence = codeFence(code, info);
    return code ? `${fence}${info}\n${code}\n${fence}` : `${fence}${info}\n${fence}`;
  },
});

/**
 * Inline code that may also be linked or emphasised, as in Markdown (TipTap's
 * code excludes every other mark). Its backtick fence is written with the text
 * (manager.ts), where the code is known; a mark's renderer sees a placeholder.
 */
export const ReviewCode = part<Mark>('code', 'mark').extend({
  excludes: 'code',
  renderMarkdown: (node: JSONContent, h: MarkdownRendererHelpers) => h.renderChildren(node),
});

export const ReviewLink = part<Mark>('link', 'mark').extend({
  // The link applies to every inline node of its text, images included.
  parseMarkdown: (token: MarkdownToken, h: MarkdownParseHelpers) => {
    const link = { type: 'link', attrs: { href: token.href, title: token.title || null } };
    return h
      .parseInline(token.tokens ?? [])
      .map((node) => ({ ...node, marks: [...(node.marks ?? []), link] }));
  },
  renderMarkdown: (node: JSONContent, h: MarkdownRendererHelpers) => {
    const href = String(node.attrs?.href ?? '');
    const title = node.attrs?.title ? ` ${linkTitle(String(node.attrs.title))}` : '';
    return `[${h.renderChildren(node)}](${linkDestination(href)}${title})`;
  },
});

// A closing sequence (`# Title #`) would be dropped; a lone `#` is an empty heading.
const CLOSING_HASHES = /(^|[ \t])(#+[ \t]*)$/;

export const ReviewHeading = part<Node>('heading', 'node').extend({
  renderMarkdown: (node: JSONContent, h: MarkdownRendererHelpers) => {
    const level = Math.min(6, Math.max(1, Number(node.attrs?.level) || 1));
    const text = h.renderChildren(node.content ?? []).replace(CLOSING_HASHES, '$1\\$2');
    if (!text.includes('\n')) return text ? `${'#'.repeat(level)} ${text}` : '#'.repeat(level);
    // Only a setext heading spans lines; deeper headings join them with spaces.
    if (level <= 2) return `${escapeLines(text)}\n${level === 1 ? '===' : '---'}`;
    return `${'#'.repeat(level)} ${text.replace(/\\?\n/g, ' ')}`;
  },
});

// A backslash break survives editors and tools that strip trailing spaces.
export const ReviewHardBreak = part<Node>('hardBreak', 'node').extend({
  renderMarkdown: () => '\\\n',
});
