/**
 * Backslash-escapes what would make the start of a line read as a block
 * marker (a list, heading, quote, fence or thematic break) when it is really
 * text. Inline syntax is escaped where the text is written (inline-escape.ts);
 * these are the line-start cases.
 */
const LINE_START_MARKERS: [RegExp, string][] = [
  [/^(\d{1,9})([.)])(?=[ \t]|$)/, '$1\\$2'],
  // A thematic break (`---`, `* * *`, `___`).
  [/^([-*_])(?=(?:[ \t]*\1){2,}[ \t]*$)/, '\\$1'],
  [/^([-+*]|#{1,6})(?=[ \t]|$)/, '\\$1'],
  [/^>/, '\\>'],
  // A backtick fence only opens when no other backtick follows on its line.
  [/^(`{3,})(?=[^`]*$)/, '\\$1'],
  [/^(~{3,})/, '\\$1'],
];
// Lines after the first can also underline a setext heading or a table header.
const CONTINUATION_MARKERS: [RegExp, string][] = [
  [/^([=-])(?=\1*[ \t]*$)/, '\\$1'],
  [/^[|:-](?=[ \t|:-]*$)(?=.*-)(?=.*[|:])/, '\\$&'],
];
// Whitespace at a line's start is dropped (or starts indented code), and so is
// whitespace at a paragraph's end; a character reference keeps it.
const LEADING_WHITESPACE = /^\s/u;
const TRAILING_WHITESPACE = /[^\S\n]$/u;

function reference(char: string): string {
  return `&#${char.codePointAt(0)};`;
}

export function escapeLineStart(text: string, firstLine = true): string {
  if (LEADING_WHITESPACE.test(text)) return reference(text[0] as string) + text.slice(1);
  const markers = firstLine ? LINE_START_MARKERS : [...CONTINUATION_MARKERS, ...LINE_START_MARKERS];
  for (const [pattern, replacement] of markers) {
    if (pattern.test(text)) return text.replace(pattern, replacement);
  }
  return text;
}

/** Escapes the start of every line of a paragraph's Markdown. */
export function escapeLines(text: string): string {
  // A break at the end of a paragraph cannot be written (`foo\` reads as a backslash).
  const escaped = text
    .replace(/\\\n$/, '')
    .split('\n')
    .map((line, i) => escapeLineStart(line, i === 0))
    .join('\n');
  return TRAILING_WHITESPACE.test(escaped)
    ? escaped.slice(0, -1) + reference(escaped.slice(-1))
    : escaped;
}

// Same shape as a field line (see list-items.ts): a plain label, a colon, a space or the end.
const FIELD_LIKE = /^([^\s\\[\]*_`~<>:|#!][^\\[\]*_`~<>:|]*?)([ \t]*):(?=[ \t]|$)/;

/**
 * Escapes the start of a bullet item's first paragraph where it would read back
 * as a checklist box (`[ ]`, `[x]`, `[-]`) or a `Label: value` field.
 */
export function escapeListItemStart(text: string): string {
  // `[x](…)` is a link whose text is written by the link mark: no box.
  return text.replace(/^\[([ xX-])\](?!\()/, '\\[$1]').replace(FIELD_LIKE, '$1$2\\:');
}
