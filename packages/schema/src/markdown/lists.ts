import type {
  JSONContent,
  MarkdownParseHelpers,
  MarkdownRendererHelpers,
  MarkdownToken,
  RenderContext,
} from '@tiptap/core';
import { BulletList, ListItem, OrderedList } from '@tiptap/extension-list';
import { decodeEntities } from './entities.js';
import { classifyListItem, type ReviewListItem as ReviewItem } from './list-items.js';

type ParseMarkdown = (token: MarkdownToken, h: MarkdownParseHelpers) => unknown;
type RenderMarkdown = (node: JSONContent, h: MarkdownRendererHelpers, ctx: RenderContext) => string;
interface WithParent {
  parent: ParseMarkdown | null;
}

function reviewItemJSON(item: ReviewItem, h: MarkdownParseHelpers): JSONContent {
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
    attrs: { label: decodeEntities(item.label), placeholder: item.placeholder },
    content: inline(item.value),
  };
}

/**
 * The marker each list was written with. Markdown reads two lists of one kind
 * written back to back as one list, unless the second changes its marker
 * (`-` to `*`, `1.` to `1)`): a list after a list of its kind takes the other.
 */
const listMarkers = new WeakMap<JSONContent, 'first' | 'second'>();

export function alternateMarker(node: JSONContent, ctx: RenderContext): 'first' | 'second' {
  const previous = ctx.previousNode;
  const marker =
    previous && previous.type === node.type && listMarkers.get(previous) !== 'second'
      ? 'second'
      : 'first';
  listMarkers.set(node, marker);
  return marker;
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

  renderMarkdown(this: { parent: RenderMarkdown | null }, node, h, ctx) {
    const rendered = this.parent?.(node, h, ctx) ?? '';
    // Items start at the line start; their other lines are indented or escaped.
    return alternateMarker(node, ctx) === 'second'
      ? rendered.replace(/^-( |$)/gm, '*$1')
      : rendered;
  },
});

/**
 * Ordered lists as marked reads them (CommonMark list rules: indentation,
 * fenced code and quotes inside items, `1)` lists), not TipTap's own ordered
 * list tokenizer. Markdown numbers only: `a.` and `iv.` are text, as in CommonMark.
 */
export const ReviewOrderedList = OrderedList.extend({
  markdownTokenizer: {
    name: 'orderedList',
    level: 'block',
    start: () => -1,
    tokenize: () => undefined,
  },

  parseMarkdown: (token: MarkdownToken, h: MarkdownParseHelpers) => {
    if (token.type !== 'list' || !token.ordered) return [];
    const start = typeof token.start === 'number' ? token.start : 1;
    return {
      type: 'orderedList',
      ...(start !== 1 ? { attrs: { start } } : {}),
      content: h.parseChildren(token.items ?? []),
    };
  },

  renderMarkdown(this: { parent: RenderMarkdown | null }, node, h, ctx) {
    const rendered = this.parent?.(node, h, ctx) ?? '';
    return alternateMarker(node, ctx) === 'second'
      ? rendered.replace(/^(\d{1,9})\.( |$)/gm, '$1)$2')
      : rendered;
  },
});

/**
 * List items numbered from the list's start (0 included), `-` for bullets. An
 * item's blocks are read as blocks anywhere in the document (TipTap reads an
 * item opening with a nested list, `1. - 2. x`, as text).
 */
export const ReviewListItem = ListItem.extend({
  parseMarkdown: (token: MarkdownToken, h: MarkdownParseHelpers) => {
    if (token.type !== 'list_item') return [];
    // A tight item holds `text` tokens where a loose one holds paragraphs.
    const blocks = (token.tokens ?? []).map((child) =>
      child.type === 'text' ? { ...child, type: 'paragraph', tokens: child.tokens ?? [] } : child,
    );
    const content = (h.parseBlockChildren ?? h.parseChildren)(blocks);
    return { type: 'listItem', content: content.length ? content : [{ type: 'paragraph' }] };
  },

  // Every line of the item is indented to its content column (TipTap leaves the
  // first paragraph's other lines lazy and indents blank lines).
  renderMarkdown: (node: JSONContent, h: MarkdownRendererHelpers, ctx: RenderContext) => {
    const ordered = ctx.parentType === 'orderedList';
    const start = Number(ctx.meta?.parentAttrs?.start ?? 1);
    const prefix = ordered ? `${(Number.isFinite(start) ? start : 1) + ctx.index}. ` : '- ';
    const indent = ' '.repeat(prefix.length);
    const indentLines = (text: string) => text.replace(/^(?=[^\n])/gm, indent);
    const [first, ...rest] = node.content ?? [];
    const main = first ? h.renderChildren([first]).replace(/\n(?=[^\n])/g, `\n${indent}`) : '';
    // marked reads `- ` with nothing after it as text, `-` as an empty item.
    let out = main ? prefix + main : prefix.trimEnd();
    rest.forEach((child, i) => {
      const rendered = h.renderChild?.(child, i + 1) ?? h.renderChildren([child]);
      out += `${child.type === 'paragraph' ? '\n\n' : '\n'}${indentLines(rendered)}`;
    });
    return out;
  },
});
