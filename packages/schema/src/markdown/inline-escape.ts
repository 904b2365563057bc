import type { JSONContent } from '@tiptap/core';
import { ASCII_PUNCTUATION, isReferenceAt } from './entities.js';

/**
 * Inline text is written as typed; a character is backslash-escaped only where
 * Markdown would otherwise read it as syntax. Line starts (lists, headings,
 * quotes, fences) are escaped per line afterwards (escape.ts).
 */

/** What a whole textblock writes: a delimiter only needs escaping when it could pair up. */
export interface InlineSummary {
  /** Characters that could open or close a span somewhere in the block. */
  readonly pairable: ReadonlySet<string>;
}

/** Every delimiter counts as pairable: used when the surrounding block is unknown. */
export const UNKNOWN_BLOCK: InlineSummary = {
  pairable: new Set(['*', '_', '~', '`', '[', ']', '<']),
};

const hasMark = (node: JSONContent, type: string) =>
  (node.marks ?? []).some((mark) => mark.type === type);

/** Summarises the inline content of a textblock (text outside code spans, and the marks used). */
export function summarizeInline(content: readonly JSONContent[]): InlineSummary {
  const counts = new Map<string, number>();
  const add = (char: string, by = 1) => counts.set(char, (counts.get(char) ?? 0) + by);
  let plain = '';
  // Everything written in the block, code and link destinations included.
  let written = '';
  let linked = false;
  for (const node of content) {
    const attrs = [node.attrs?.alt, node.attrs?.title, node.attrs?.src];
    for (const mark of node.marks ?? []) attrs.push(mark.attrs?.href, mark.attrs?.title);
    written += attrs.filter((value) => typeof value === 'string').join(' ');
    if (node.type === 'image') linked = true;
    if (node.type !== 'text') continue;
    written += node.text ?? '';
    if (hasMark(node, 'code')) add('`', 2);
    else {
      plain += node.text ?? '';
      for (const char of node.text ?? '') if ('*_~`'.includes(char)) add(char);
    }
    if (hasMark(node, 'bold') || hasMark(node, 'italic')) add('*', 2);
    if (hasMark(node, 'strike')) add('~', 2);
    if (hasMark(node, 'link')) linked = true;
  }
  const pairable = new Set<string>();
  for (const char of ['*', '_', '~', '`']) if ((counts.get(char) ?? 0) >= 2) pairable.add(char);
  // Brackets only make a link with `(…)` after them (or `[…]`, `: url` with a
  // definition, and this Markdown writes none); `a[0]` and `[Date]` stay as typed.
  if (linked || /\][([:]/.test(plain)) {
    pairable.add('[');
    pairable.add(']');
  }
  // A code span may close on a backtick in a link's or an image's destination or title.
  if (/`/.test(written.replace(/`/, ''))) pairable.add('`');
  // marked masks `<x … >` as a tag before it looks for emphasis, tag or not.
  if (written.includes('>')) pairable.add('<');
  return { pairable };
}

/**
 * The characters written just before and after a text: `'\n'` for a line
 * start, `''` for the end of the block, `null` when markup or another node
 * of unknown shape is written there.
 */
export interface TextNeighbours {
  before: string | null;
  after: string | null;
}

const ALPHANUMERIC = /[\p{L}\p{N}]/u;
const isSpace = (char: string | null) => char !== null && (char === '' || /\s/u.test(char));
const isAlphanumeric = (char: string | null) => char !== null && ALPHANUMERIC.test(char);
// GFM autolink literals, which marked links without any markup.
const AUTOLINK_SCHEME = /(?:https?|ftp)$/i;
const EMAIL_LOCAL_PART = /[A-Za-z0-9._+-]$/;
const EMAIL_DOMAIN = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*[A-Za-z0-9])+/;

/** Escapes `text` for a Markdown textblock. `inLink`: the text is a link's label. */
export function escapeInlineText(
  text: string,
  summary: InlineSummary,
  neighbours: TextNeighbours,
  inLink = false,
): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const before = i > 0 ? (text[i - 1] as string) : neighbours.before;
    const after = i < text.length - 1 ? (text[i + 1] as string) : neighbours.after;
    if (char === '\n' && (before === '\n' || before === ' ' || before === '\t' || after === '')) {
      // A blank line would end the paragraph, an edge newline would be dropped, and
      // spaces ending a line would be dropped (or, two of them, break the line).
      out += '&#10;';
      continue;
    }
    if (
      needsEscape(char, before, after, summary) ||
      (char === '&' && isReferenceAt(text, i)) ||
      // A bare URL or e-mail address would become a link (not inside one).
      (!inLink && isAutolinkLiteral(text, i))
    ) {
      out += '\\';
    }
    out += char;
  }
  return out;
}

function needsEscape(
  char: string,
  before: string | null,
  after: string | null,
  summary: InlineSummary,
): boolean {
  switch (char) {
    case '\\':
      // Before punctuation it would escape it; before a line end it would break the line.
      return after === null || after === '' || after === '\n' || ASCII_PUNCTUATION.test(after);
    case '<':
      // Only a tag, comment, declaration or autolink starts with `<` and one of these.
      return (
        after === null ||
        /[A-Za-z/!?]/.test(after) ||
        (summary.pairable.has('<') && !isSpace(after))
      );
    case '*':
    case '~':
      // Surrounded by spaces it can neither open nor close.
      return summary.pairable.has(char) && !(isSpace(before) && isSpace(after));
    case '_':
      // Inside a word `_` can neither open nor close.
      return (
        summary.pairable.has(char) &&
        !(isSpace(before) && isSpace(after)) &&
        !(isAlphanumeric(before) && isAlphanumeric(after))
      );
    case '!':
      // `![` would start an image.
      return after === '[' || (after === null && summary.pairable.has('['));
    case '`':
    case '[':
    case ']':
      return summary.pairable.has(char);
    default:
      return false;
  }
}

function isAutolinkLiteral(text: string, i: number): boolean {
  switch (text[i]) {
    case ':':
      return AUTOLINK_SCHEME.test(text.slice(0, i)) && /^:\/\/[A-Za-z0-9-]/.test(text.slice(i));
    case '.':
      return i >= 3 && text.slice(i - 3, i) === 'www' && /^[A-Za-z0-9-]/.test(text.slice(i + 1));
    case '@':
      return EMAIL_LOCAL_PART.test(text.slice(0, i)) && EMAIL_DOMAIN.test(text.slice(i + 1));
    default:
      return false;
  }
}

/** Backticks enough to fence `code` as an inline code span, with padding where needed. */
export function codeSpan(code: string): string {
  const text = code.replace(/\n/g, ' ');
  // marked takes `\`` for an escaped backtick while it looks for emphasis, even in
  // code: the fence must differ from the runs seen either way.
  const masked = text.replace(/\\[!-/:-@[-`{-~]/g, '++');
  const runs = new Set(
    [...(text.match(/`+/g) ?? []), ...(masked.match(/`+/g) ?? [])].map((run) => run.length),
  );
  let length = 1;
  while (runs.has(length)) length++;
  const fence = '`'.repeat(length);
  const pad =
    text.startsWith('`') ||
    text.endsWith('`') ||
    text.endsWith('\\') ||
    (text.startsWith(' ') && text.endsWith(' ') && /[^ ]/.test(text));
  return pad ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/** A fence for a code block: longer than any run of its character in the code. */
export function codeFence(code: string, info: string): string {
  const longest = (char: string) =>
    Math.max(0, ...(code.match(new RegExp(`${char}+`, 'g')) ?? []).map((run) => run.length));
  // A backtick fence cannot carry an info string with a backtick in it.
  const char = info.includes('`') ? '~' : '`';
  return char.repeat(Math.max(3, longest(char) + 1));
}

/** Escapes what CommonMark would read as an escape or a reference in raw text (info strings, titles). */
function escapeRaw(text: string, also?: RegExp): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const next = text[i + 1] ?? '';
    if (
      (char === '\\' && (next === '' || ASCII_PUNCTUATION.test(next))) ||
      (char === '&' && isReferenceAt(text, i)) ||
      also?.test(char)
    ) {
      out += '\\';
    }
    out += char;
  }
  return out;
}

/** A code block's info string, escaped so it reads back as written. */
export function escapeInfoString(info: string): string {
  return escapeRaw(info.replace(/\n/g, ' '));
}

/** A link or image destination: `<…>` when it has spaces, brackets or unbalanced parentheses. */
export function linkDestination(href: string): string {
  if (href === '') return '';
  // marked masks a bare destination only when its parentheses nest one level deep.
  let depth = 0;
  let balanced = true;
  for (const char of href) {
    if (char === '(' && ++depth > 1) balanced = false;
    if (char === ')' && --depth < 0) balanced = false;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a bare destination cannot hold them
  if (balanced && depth === 0 && !/[\s<>\x00-\x1f\x7f]/.test(href)) {
    return escapeRaw(href, /[`]/);
  }
  return `<${escapeRaw(href.replace(/\n/g, '%0A'), /[<>`()]/)}>`;
}

/** A link or image title in double quotes (parentheses escaped: marked pairs them). */
export function linkTitle(title: string): string {
  return `"${escapeRaw(title, /["`()]/)}"`;
}
