import type { JSONContent } from '@tiptap/core';

/** The attribute that carries a node's stable id (UniqueID's `attributeName`). */
export const ID_ATTR = 'id';

/** Node types that carry a stable id: comments and sign-offs point at these. */
export const ID_NODE_TYPES = ['heading', 'checklistItem', 'field', 'changeLogRow'] as const;

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 12;

/** A random 12-character id (62 bits); works in Node and in browsers without a secure context. */
export function newNodeId(): string {
  const bytes = new Uint8Array(ID_LENGTH);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

const idTypes = new Set<string>(ID_NODE_TYPES);

/**
 * Gives every id-carrying node an id, and a fresh one to any node whose id
 * already appeared earlier in the document (a copy). Returns a new tree.
 */
export function withNodeIds(doc: JSONContent): JSONContent {
  const seen = new Set<string>();
  const visit = (node: JSONContent): JSONContent => {
    let next = node;
    if (node.type && idTypes.has(node.type)) {
      const current = node.attrs?.[ID_ATTR];
      const id =
        typeof current === 'string' && current && !seen.has(current) ? current : newNodeId();
      seen.add(id);
      next = { ...node, attrs: { ...node.attrs, [ID_ATTR]: id } };
    }
    if (next.content) next = { ...next, content: next.content.map(visit) };
    return next;
  };
  return visit(doc);
}

/** A copy of the tree without id attributes, for comparing documents by content. */
export function withoutNodeIds(doc: JSONContent): JSONContent {
  const { attrs, content, ...rest } = doc;
  const out: JSONContent = { ...rest };
  if (attrs) {
    const { [ID_ATTR]: _id, ...others } = attrs;
    if (Object.keys(others).length > 0) out.attrs = others;
  }
  if (content) out.content = content.map(withoutNodeIds);
  return out;
}
