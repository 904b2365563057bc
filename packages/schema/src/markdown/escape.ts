/**
 * Backslash-escapes what would make the start of a line read as a block
 * marker (a list, heading, quote or fence) when it is really text. TipTap
 * escapes inline syntax; these are the line-start cases it leaves open.
 */
const LINE_START_MARKERS: [RegExp, string][] = [
  [/^(\d{1,9})([.)])(?=[ \t]|$)/, '$1\\$2'],
  // TipTap also reads `a.`, `B)` and roman numerals as ordered-list markers.
  [/^([A-Za-z]{1,2}|[ivxlcdmIVXLCDM]{1,8})([.)])(?=[ \t])/, '$1\\$2'],
  [/^([-+*]|#{1,6})(?=[ \t]|$)/, '\\$1'],
  [/^>/, '\\>'],
  [/^(`{3,}|~{3,})/, '\\$1'],
];

export function escapeLineStart(text: string): string {
  for (const [pattern, replacement] of LINE_START_MARKERS) {
    if (pattern.test(text)) return text.replace(pattern, replacement);
  }
  return text;
}

// Same shape as a field line (see list-items.ts): a plain label, a colon, a space or the end.
const FIELD_LIKE = /^([^\s\\[\]*_`~<>:|#!][^\\[\]*_`~<>:|]*?)([ \t]*):(?=[ \t]|$)/;

/** Escapes the colon of text that would read back as a `Label: value` field. */
export function escapeFieldLike(text: string): string {
  return text.replace(FIELD_LIKE, '$1$2\\:');
}
