import { createRequire } from 'node:module';
import { Node as CmNode, HtmlRenderer, Parser } from 'commonmark';
import { Window } from 'happy-dom';
import { isAllowedLinkHref } from '../links.js';

/** One example of the CommonMark spec (the `commonmark-spec` package). */
export interface SpecExample {
  markdown: string;
  html: string;
  section: string;
  number: number;
}

export const specExamples = (
  createRequire(import.meta.url)('commonmark-spec') as { tests: SpecExample[] }
).tests;

/** Markdown rendered to HTML by the CommonMark reference implementation. */
export function renderCommonMark(markdown: string): string {
  return new HtmlRenderer().render(new Parser().parse(markdown));
}

/**
 * The HTML the Markdown would give if its raw HTML (blocks and inline tags)
 * were literal text: what a document that keeps raw HTML as text must show.
 */
export function renderWithHtmlAsText(markdown: string): string {
  const tree = new Parser().parse(markdown);
  const walker = tree.walker();
  const raw: CmNode[] = [];
  for (let step = walker.next(); step; step = walker.next()) {
    if (step.entering && (step.node.type === 'html_block' || step.node.type === 'html_inline')) {
      raw.push(step.node);
    }
  }
  for (const node of raw) {
    const text = new CmNode('text');
    text.literal = (node.literal ?? '').replace(/\s+$/, '');
    if (node.type === 'html_inline') {
      node.insertBefore(text);
    } else {
      const paragraph = new CmNode('paragraph');
      paragraph.appendChild(text);
      node.insertBefore(paragraph);
    }
    node.unlink();
  }
  return new HtmlRenderer().render(tree);
}

/** Normalisations the schema makes on purpose, each a way to compare two renderings. */
export type Normalisation =
  | 'marks'
  | 'loose-list'
  | 'link-scheme'
  | 'autolink-literal'
  | 'empty-link'
  | 'raw-html';

type Canonical =
  | { block: string; attrs: string; children: Canonical[] }
  | { text: string; marks: string }
  | { leaf: string; attrs: string; marks: string };

const MARK_TAGS = new Set(['em', 'strong', 'del', 'code', 'a']);
const LEAF_TAGS = new Set(['br', 'img', 'hr']);
const window = new Window();

function attrsOf(element: Element): string {
  return Array.from(element.attributes)
    .map((attr) => `${attr.name}=${attr.value}`)
    .sort()
    .join(' ');
}

/**
 * HTML as blocks holding runs of text, each run with the marks around it:
 * `<em>a<em>b</em></em>` and `<em>a</em><em>b</em>` both hold "ab" with marks
 * `em` once `marks` is on (a ProseMirror mark set), and `em em` for "b" without.
 */
function canonical(html: string, on: ReadonlySet<Normalisation>): Canonical[] {
  const container = window.document.createElement('div');
  container.innerHTML = html;
  const unwrap = (element: Element): boolean => {
    if (element.tagName.toLowerCase() !== 'a') return false;
    const href = element.getAttribute('href') ?? '';
    const text = element.textContent ?? '';
    if (on.has('link-scheme') && !isAllowedLinkHref(href)) return true;
    if (on.has('empty-link') && element.childNodes.length === 0) return true;
    return (
      on.has('autolink-literal') &&
      [text, `mailto:${text}`, `http://${text}`].includes(decodeURI(href))
    );
  };
  const walk = (node: ChildNode, marks: string[], parent: string): Canonical[] => {
    if (node.nodeType === 3) return [{ text: node.textContent ?? '', marks: marks.join(' ') }];
    if (node.nodeType !== 1) return [];
    const element = node as Element;
    const tag = element.tagName.toLowerCase();
    const inner = (nextMarks: string[], here = tag) =>
      Array.from(element.childNodes).flatMap((child) => walk(child, nextMarks, here));
    if (unwrap(element)) return inner(marks, parent);
    if (MARK_TAGS.has(tag) && element.childNodes.length === 0) {
      return [{ leaf: tag, attrs: attrsOf(element), marks: marks.join(' ') }];
    }
    if (MARK_TAGS.has(tag)) {
      const mark = `${tag}(${attrsOf(element)})`;
      const next = on.has('marks') ? [...new Set([...marks, mark])].sort() : [...marks, mark];
      return inner(next, parent);
    }
    if (LEAF_TAGS.has(tag)) {
      // A hard break carries no marks: ProseMirror closes them around it.
      const leafMarks = on.has('marks') && tag === 'br' ? '' : marks.join(' ');
      return [{ leaf: tag, attrs: attrsOf(element), marks: leafMarks }];
    }
    if (tag === 'p' && parent === 'li' && on.has('loose-list')) return inner(marks, parent);
    const children = tidy(inner([]), on, tag === 'pre');
    return [{ block: tag, attrs: attrsOf(element), children }];
  };
  return tidy(
    Array.from(container.childNodes as unknown as ArrayLike<ChildNode>).flatMap((child) =>
      walk(child, [], 'body'),
    ),
    on,
    false,
  );
}

/** Spaces at the edges of a marked run, unmarked (TipTap writes them outside the marks). */
function splitEdgeSpace(item: Canonical): Canonical[] {
  if (!('text' in item) || !item.marks) return [item];
  const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(item.text) ?? [];
  return [
    { text: lead, marks: '' },
    { text: core, marks: item.marks },
    { text: trail, marks: '' },
  ].filter((run) => run.text !== '');
}

function mergeRuns(items: Canonical[]): Canonical[] {
  const out: Canonical[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if ('text' in item && last && 'text' in last && last.marks === item.marks) {
      out[out.length - 1] = { text: last.text + item.text, marks: item.marks };
    } else {
      out.push(item);
    }
  }
  return out;
}

/** Joins runs with the same marks and drops the whitespace between blocks. */
function tidy(items: Canonical[], on: ReadonlySet<Normalisation>, keepSpace: boolean): Canonical[] {
  const merged = on.has('marks')
    ? mergeRuns(mergeRuns(items).flatMap(splitEdgeSpace))
    : mergeRuns(items);
  const out = merged;
  if (keepSpace) return out;
  const hasBlocks = out.some((item) => 'block' in item);
  return out
    .map((item, i) => {
      if (!('text' in item)) return item;
      let text = item.text;
      if (i === 0 || 'block' in (out[i - 1] as Canonical)) text = text.replace(/^\s+/, '');
      if (i === out.length - 1 || 'block' in (out[i + 1] as Canonical)) {
        text = text.replace(/\s+$/, '');
      }
      return { ...item, text };
    })
    .filter((item) => !('text' in item) || item.text !== '' || !hasBlocks)
    .filter(
      (item) =>
        !on.has('empty-link') || !('block' in item) || item.block !== 'p' || item.children.length,
    );
}

/**
 * Whether exported Markdown means what the original meant, once the given
 * normalisations are applied to both renderings. With `raw-html`, the original
 * is rendered with its raw HTML as literal text, which is what the document keeps.
 */
export function sameMeaning(
  markdown: string,
  exported: string,
  normalisations: readonly Normalisation[],
): boolean {
  const on = new Set(normalisations);
  const original = on.has('raw-html') ? renderWithHtmlAsText(markdown) : renderCommonMark(markdown);
  return (
    JSON.stringify(canonical(original, on)) ===
    JSON.stringify(canonical(renderCommonMark(exported), on))
  );
}
