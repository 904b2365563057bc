import type { Token } from 'marked';
import { unescapeText } from './entities.js';

/**
 * CommonMark link rules marked 17 does not follow, checked on the links it
 * finds: a link cannot hold another link (the innermost wins), and raw HTML
 * and autolinks bind more tightly than a link's brackets.
 */

/** Whether inline tokens hold a link at any depth. */
export function holdsLink(tokens: readonly Token[] | undefined): boolean {
  return (tokens ?? []).some(
    (token) =>
      // A bracket link; autolinks inside a link's text do not undo it.
      (token.type === 'link' && token.raw.startsWith('[')) ||
      ('tokens' in token && holdsLink(token.tokens as Token[] | undefined)),
  );
}

/** For each `[` of `text`, the index of the `]` that closes it (as `labelEnd`), or -1. */
function closingBrackets(text: string): Int32Array {
  const close = new Int32Array(text.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '`') i = codeSpanEnd(text, i);
    else if (char === '[') open.push(i);
    else if (char === ']') {
      const start = open.pop();
      if (start !== undefined) close[start] = i;
    }
  }
  return close;
}

// Labels longer than this are left to marked (the tokenizers run at every `[` of a
// paragraph, so an unbounded search would be quadratic).
const MAX_LABEL = 1000;

/**
 * Index of the `]` closing the label whose `[` is at `open` in `src`, or -1:
 * brackets balance, and escaped ones and those inside code spans do not count.
 */
function labelEnd(src: string, open: number): number {
  const limit = Math.min(src.length, open + MAX_LABEL + 2);
  let depth = 0;
  for (let i = open; i < limit; i++) {
    const char = src[i];
    if (char === '\\') i++;
    else if (char === '`') i = codeSpanEnd(src, i);
    else if (char === '[') depth++;
    else if (char === ']' && --depth === 0) return i;
  }
  return -1;
}

/** The last index of the code span opening at `start`, or of its backticks if it has no end. */
function codeSpanEnd(src: string, start: number): number {
  let end = start;
  while (src[end + 1] === '`') end++;
  const fence = src.slice(start, end + 1);
  for (let i = src.indexOf(fence, end + 1); i >= 0; i = src.indexOf(fence, i + 1)) {
    let last = i + fence.length - 1;
    if (src[i - 1] !== '`' && src[last + 1] !== '`') return last;
    while (src[last + 1] === '`') last++;
    i = last;
  }
  return end;
}

/**
 * The label of a link's or image's source (`[label](…)`, `![label][ref]`) and
 * the character after its `]`.
 */
export function labelOf(raw: string): { label: string; after: string } | null {
  const open = raw.startsWith('![') ? 1 : 0;
  const close = closingBrackets(raw)[open] ?? -1;
  return close < 0 ? null : { label: raw.slice(open + 1, close), after: raw.charAt(close + 1) };
}

/**
 * The label of the link at the start of `src` (CommonMark's reading), the two
 * characters after its `]`, and `src` with the label replaced by plain
 * characters, which marked can match whatever the label holds (brackets nested
 * deeper than one level, code spans holding backticks). Null when there is no label.
 */
export function maskedLabel(
  src: string,
): { label: string; after: string; masked: () => string } | null {
  const open = src.startsWith('![') ? 1 : src.startsWith('[') ? 0 : -1;
  const close = open < 0 ? -1 : labelEnd(src, open);
  if (close < 0) return null;
  const label = src.slice(open + 1, close);
  return {
    label,
    after: src.slice(close + 1, close + 3),
    // A private-use character: no reference definition is named with it.
    masked: () => `${src.slice(0, open + 1)}${'\uE000'.repeat(label.length)}${src.slice(close)}`,
  };
}

interface InlineRules {
  tag: RegExp;
  autolink: RegExp;
}

/**
 * Whether a tag or autolink that starts inside the label (of `length`
 * characters) of the link at the start of `src` runs past the label's end:
 * then there is no link.
 */
export function crossedByTag(src: string, length: number, rules: InlineRules): boolean {
  const open = src.startsWith('!') ? 1 : 0;
  const close = open + 1 + length;
  for (let i = open + 1; i < close; i++) {
    if (src[i] === '\\') {
      i++;
      continue;
    }
    if (src[i] !== '<') continue;
    const rest = src.slice(i);
    const match = rules.tag.exec(rest) ?? rules.autolink.exec(rest);
    if (match && i + match[0].length > close) return true;
  }
  return false;
}

/**
 * Reference labels match after Unicode case folding (`ẞ` matches `SS`); marked
 * only lower-cases them. Upper-casing first folds the characters that differ.
 */
export function foldLabel(label: string): string {
  return label.toUpperCase().toLowerCase();
}

/** A view of marked's link definitions looked up by folded label. */
export function foldedDefinitions<T>(links: Record<string, T>): Record<string, T> {
  return new Proxy(links, {
    get: (target, key) => (typeof key === 'string' ? target[foldLabel(key)] : undefined),
  });
}

// Only these separate a destination from its title (a no-break space does not).
const SPACE = /[ \t\r\n]/;

/**
 * The destination and title of a link, image or definition, read again from its
 * source: marked removes backslash escapes before references could be decoded,
 * so `\\&copy;` would decode to ©. Null when the source has no `](` or `]:` part.
 */
export function linkParts(raw: string): { href: string; title: string | null } | null {
  const open = raw.indexOf('[');
  const close = open < 0 ? -1 : labelEnd(raw, open);
  if (close < 0 || !'(:'.includes(raw[close + 1] ?? '')) return null;
  let i = close + 2;
  const skipSpace = () => {
    while (i < raw.length && SPACE.test(raw[i] as string)) i++;
  };
  const readUntil = (stop: (char: string, depth: number) => boolean): string => {
    const start = i;
    let depth = 0;
    for (; i < raw.length; i++) {
      const char = raw[i] as string;
      if (char === '\\') {
        i++;
        continue;
      }
      if (stop(char, depth)) break;
      if (char === '(') depth++;
      if (char === ')') depth--;
    }
    return raw.slice(start, i);
  };
  skipSpace();
  let href: string;
  if (raw[i] === '<') {
    i++;
    href = readUntil((char) => char === '>');
    i++;
  } else {
    href = readUntil((char, depth) => SPACE.test(char) || (char === ')' && depth === 0));
  }
  skipSpace();
  const quote = raw[i];
  let title: string | null = null;
  if (quote === '"' || quote === "'" || quote === '(') {
    i++;
    title = readUntil((char) => char === (quote === '(' ? ')' : quote));
  }
  return { href: unescapeText(href), title: title === null ? null : unescapeText(title) };
}
