/**
 * Shapes no review document has, which make Markdown parsers slow or exhaust
 * memory (nested lists re-lex their whole body per level; long emphasis runs
 * backtrack). Checked in one linear pass before parsing.
 */
export const MARKDOWN_LIMITS = {
  maxCharacters: 5 * 1024 * 1024,
  /** Leading whitespace columns on one line (about 100 levels of list nesting). */
  maxIndent: 200,
  /** List or quote markers opening one line, as in `- - - - x` or `> > > x`. */
  maxMarkersPerLine: 64,
  /** A run of the same emphasis delimiter (`*`, `_`, `~`). */
  maxDelimiterRun: 200,
  /**
   * Inline delimiters (`* _ ~ [ ] ( ) < > \``) in one block of non-blank lines;
   * emphasis and link matching is quadratic in them.
   */
  maxDelimitersPerBlock: 30_000,
} as const;

const INLINE_DELIMITERS = new Set(['*', '_', '~', '[', ']', '(', ')', '<', '>', '`']);

const NESTED_MARKERS = new RegExp(
  `^(?:[ \\t]*(?:[-*+]|\\d{1,9}[.)]|>)[ \\t]+){${MARKDOWN_LIMITS.maxMarkersPerLine},}`,
);
const DELIMITER_RUN = new RegExp(`([*_~])\\1{${MARKDOWN_LIMITS.maxDelimiterRun},}`);

/** Why this Markdown is refused, or null when it is fine to parse. */
export function markdownLimitViolation(markdown: string): string | null {
  if (markdown.length > MARKDOWN_LIMITS.maxCharacters) {
    return `it is too large: ${markdown.length} characters (limit ${MARKDOWN_LIMITS.maxCharacters})`;
  }
  if (markdown.includes('\u0000')) return 'it contains NUL characters; is this a binary file?';
  const run = DELIMITER_RUN.exec(markdown);
  if (run) {
    return `it has a run of more than ${MARKDOWN_LIMITS.maxDelimiterRun} "${run[1]}" characters`;
  }
  let lineNumber = 0;
  let blockDelimiters = 0;
  for (const line of markdown.split('\n')) {
    lineNumber++;
    if (line.trim() === '') blockDelimiters = 0;
    for (const char of line) if (INLINE_DELIMITERS.has(char)) blockDelimiters++;
    if (blockDelimiters > MARKDOWN_LIMITS.maxDelimitersPerBlock) {
      return `the paragraph ending at line ${lineNumber} has more than ${MARKDOWN_LIMITS.maxDelimitersPerBlock} emphasis and link delimiters`;
    }
    let indent = 0;
    while (indent < line.length && (line[indent] === ' ' || line[indent] === '\t')) indent++;
    if (indent > MARKDOWN_LIMITS.maxIndent) {
      return `line ${lineNumber} is indented ${indent} columns (limit ${MARKDOWN_LIMITS.maxIndent}); it is nested too deeply`;
    }
    if (NESTED_MARKERS.test(line)) {
      return `line ${lineNumber} opens more than ${MARKDOWN_LIMITS.maxMarkersPerLine} nested lists or quotes`;
    }
  }
  return null;
}
