import type { JSONContent } from '@tiptap/core';
import { Fragment, type Mark, type Node as PMNode, type Schema } from '@tiptap/pm/model';
import { isAllowedLinkHref } from '../links.js';

/** Marks from JSON as a valid set: unknown marks, duplicates and disallowed links dropped. */
function marksOf(schema: Schema, json: JSONContent): readonly Mark[] {
  let marks: readonly Mark[] = [];
  for (const mark of json.marks ?? []) {
    const type = schema.marks[mark.type];
    if (!type) continue;
    if (mark.type === 'link' && !isAllowedLinkHref(mark.attrs?.href)) continue;
    marks = type.create(mark.attrs).addToSet(marks);
  }
  return marks;
}

function textOf(nodes: readonly PMNode[]): string {
  return nodes.map((node) => node.textContent).join('');
}

/**
 * Builds a schema-valid node from parser output that may break the schema
 * (a heading inside a list item, a table cell holding a list, …). Valid
 * content is kept as is; invalid children are wrapped, flattened to text or,
 * as a last resort, reduced to their text in a paragraph, so no text is lost.
 */
export function buildValidNode(schema: Schema, json: JSONContent): PMNode | null {
  if (json.type === 'text') {
    return json.text ? schema.text(json.text, marksOf(schema, json)) : null;
  }
  const type = json.type ? schema.nodes[json.type] : undefined;
  if (!type) return null;
  const children = (json.content ?? [])
    .map((child) => buildValidNode(schema, child))
    .filter((child): child is PMNode => child !== null);
  const attrs = json.attrs ?? null;

  // Inline nodes (images) carry marks too: a linked image.
  const marks = type.isInline ? marksOf(schema, json) : undefined;
  try {
    return type.createChecked(attrs, children, marks);
  } catch {
    // fall through to repairs
  }
  const filled = type.createAndFill(attrs, Fragment.from(children));
  if (filled) return filled;

  const fitted: PMNode[] = [];
  let match = type.contentMatch;
  for (const child of children) {
    for (const candidate of coerce(schema, child, type.inlineContent)) {
      const direct = match.matchType(candidate.type);
      if (direct) {
        fitted.push(candidate);
        match = direct;
        continue;
      }
      const wrapping = match.findWrapping(candidate.type);
      if (wrapping) {
        let wrapped = candidate;
        for (let i = wrapping.length - 1; i >= 0; i--) {
          wrapped = (wrapping[i] as typeof type).create(null, wrapped);
        }
        const next = match.matchType(wrapped.type);
        if (next) {
          fitted.push(wrapped);
          match = next;
        }
      }
    }
  }
  return type.createAndFill(attrs, Fragment.from(fitted));
}

/** Alternatives for a child that does not fit: its inline content, or its text. */
function coerce(schema: Schema, node: PMNode, inlineParent: boolean): PMNode[] {
  if (inlineParent) {
    if (node.isInline) return [node];
    const text = node.textContent;
    return text ? [schema.text(text)] : [];
  }
  if (node.isInline) return [schema.nodes.paragraph?.create(null, node) ?? node];
  if (node.isTextblock || node.isBlock) {
    const paragraph = schema.nodes.paragraph;
    const text = textOf([node]);
    if (node.isTextblock && paragraph) return [paragraph.create(null, node.content)];
    const blocks: PMNode[] = [];
    node.forEach((child) => {
      blocks.push(...coerce(schema, child, false));
    });
    if (blocks.length === 0 && text && paragraph)
      return [paragraph.create(null, schema.text(text))];
    return blocks.length > 0 ? [node, ...blocks] : [node];
  }
  return [node];
}
