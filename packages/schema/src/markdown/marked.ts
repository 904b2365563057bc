import { Lexer, Marked, type MarkedOptions, Tokenizer, type Tokens } from 'marked';
import { decodeEntities } from './entities.js';
import {
  crossedByTag,
  foldedDefinitions,
  foldLabel,
  holdsLink,
  labelOf,
  linkParts,
  maskedLabel,
} from './link-rules.js';

/**
 * How Markdown is read: marked 17 with the tokenizers changed where it reads
 * CommonMark differently (references, link labels, raw HTML, code span masks).
 */

const base = Tokenizer.prototype;

// Before matching emphasis, marked masks code spans, but only those without a
// backtick inside; emphasis then pairs across `` a`b ``. The mask below takes any
// code span: a run of backticks, anything but a run of that length, the run again.
const CODE_SKIP = '(?<b>`+)[^`]+\\k<b>(?!`)';
// A run inside is taken whole (a lookahead does not backtrack), or splitting runs
// would make the search exponential.
const ANY_CODE_SKIP = '(?<b>`+)(?!`)(?:[^`]|(?!\\k<b>(?!`))(?=(?<r>`+))\\k<r>)+?(?<!`)\\k<b>(?!`)';

function codeAwareBlockSkip(): RegExp {
  const { source, flags } = Lexer.rules.inline.gfm.blockSkip;
  if (!source.includes(CODE_SKIP)) {
    throw new Error('marked changed how it masks code spans; review manager.ts');
  }
  return new RegExp(source.replace(CODE_SKIP, ANY_CODE_SKIP), flags);
}

const BLOCK_SKIP = codeAwareBlockSkip();

class ReviewLexer extends Lexer {
  constructor(options?: MarkedOptions) {
    super(options);
    // marked's types keep the lexer's tokenizer private.
    const { tokenizer } = this as unknown as { tokenizer: Tokenizer };
    const { rules } = tokenizer;
    tokenizer.rules = { ...rules, inline: { ...rules.inline, blockSkip: BLOCK_SKIP } };
  }
}

/**
 * A private marked instance (MarkdownManager registers tokenizers on it and the
 * global one must stay untouched) whose tokens carry decoded entity and numeric
 * character references, as CommonMark reads them: `&nbsp;` is U+00A0, `&copy;` ©.
 */
export function reviewMarked(): Marked {
  const instance = new Marked();
  instance.Lexer = ReviewLexer as unknown as typeof Lexer;
  instance.use({
    tokenizer: {
      inlineText(src) {
        const token = base.inlineText.call(this, src);
        // CommonMark drops the spaces around a soft line break (marked keeps them).
        // @tiptap/markdown decodes &amp; &lt; &gt; &quot; in text once more; an
        // escaped `&` comes back from that unchanged.
        if (token) {
          const text = token.text.replace(/[ \t]*\n[ \t]*/g, '\n');
          token.text = decodeEntities(text).replace(/&/g, '&amp;');
        }
        return token;
      },
      link(src) {
        const found = readLink(src, (text) => base.link.call(this, text), '(');
        if (!found || crossedByTag(src, found.label.length, this.rules.inline)) return undefined;
        const token = withSourceLabel(this, src, found.label, found.token);
        if (token.type === 'link' && holdsLink(token.tokens)) return undefined;
        decodeLinkToken(token);
        return token;
      },
      reflink(src, links) {
        const definitions = foldedDefinitions(links);
        const read = (text: string) => base.reflink.call(this, text, definitions);
        const found = readLink(src, read, '[');
        if (!found) return read(src);
        const token = withSourceLabel(this, src, found.label, found.token);
        // marked's own answer for brackets that are not a link: the `[` as text.
        if (holdsLink(token.tokens) || crossedByTag(src, found.label.length, this.rules.inline)) {
          return { type: 'text', raw: src.charAt(0), text: src.charAt(0) };
        }
        // Its destination and title come from a definition, decoded there.
        return token;
      },
      // CommonMark drops the spaces that start the line after a hard break.
      br(src) {
        const token = base.br.call(this, src);
        if (token) token.raw += /^[ \t]*/.exec(src.slice(token.raw.length))?.[0] ?? '';
        return token;
      },
      // Inline raw HTML is kept as literal text, in the browser as on the server
      // (RawHtmlAsText does the same for HTML blocks).
      tag(src) {
        const token = base.tag.call(this, src);
        // marked's types ask for a Tag; any token is accepted.
        return token && (literal(token.raw, 'escape') as unknown as Tokens.Tag);
      },
      def(src) {
        const token = base.def.call(this, src);
        if (token) {
          token.tag = foldLabel(token.tag);
          decodeLinkToken(token);
        }
        return token;
      },
    },
  });
  return instance;
}

/**
 * The link or image at the start of `src` and its label as CommonMark reads it.
 * marked matches labels with brackets nested one level deep only and may close
 * them inside a code span: a label holding `[` or a backtick is masked first.
 */
function readLink<T extends Tokens.Link | Tokens.Image | Tokens.Text>(
  src: string,
  read: (text: string) => T | undefined,
  follower: '(' | '[',
): { token: Tokens.Link | Tokens.Image; label: string } | null {
  const mask = maskedLabel(src);
  // Only a full reference (`[text][ref]`, not `[ref][]`) has a label that is not its ref.
  const followed =
    follower === '(' ? mask?.after.startsWith('(') : /^\[[^\]]/.test(mask?.after ?? '');
  const masked = !!mask && /[[`]/.test(mask.label) && followed;
  const token = read(masked && mask ? mask.masked() : src);
  if (!token || token.type === 'text') return null;
  const label = mask?.label ?? labelOf(token.raw)?.label;
  return typeof label === 'string' ? { token, label } : null;
}

/**
 * Links and images are read with their label masked, so marked matches every
 * label CommonMark does (brackets nested deeper than one level, code spans
 * holding backticks); the label is then read from the source. marked would read
 * it with `\\[` and `\\]` unescaped, so `[\\[x\\](y)](z)` would hold a link.
 */
function withSourceLabel<T extends Tokens.Link | Tokens.Image>(
  tokenizer: Tokenizer,
  src: string,
  label: string,
  token: T,
): T {
  const { lexer } = tokenizer;
  lexer.state.inLink = true;
  const tokens = lexer.inlineTokens(label);
  lexer.state.inLink = false;
  return { ...token, raw: src.slice(0, token.raw.length), text: label, tokens };
}

/** A token holding `text` as it is: TipTap reads an `escape` token as literal text. */
function literal(text: string, type: 'escape') {
  return { type, raw: text, text };
}

/** Destination and title with escapes and references resolved together, as CommonMark does. */
function decodeLinkToken(token: Tokens.Link | Tokens.Image | Tokens.Def): void {
  const parts = linkParts(token.raw);
  if (parts) {
    token.href = parts.href;
    token.title = parts.title ?? token.title;
  } else {
    token.href = decodeEntities(token.href);
    if (token.title) token.title = decodeEntities(token.title);
  }
}
