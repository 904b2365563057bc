import { ID_ATTR, YDOC_CONTENT_FIELD } from '@ratify/schema';
import * as Y from 'yjs';
import type { TextAnchor } from '../storage/comments.js';

/**
 * Where a comment's text anchor is now. Anchors are Yjs relative positions into the content
 * document, so they follow concurrent edits. An anchor either still covers exactly the text it
 * quoted (attached), or it is reported removed (the quote is shown as it was): it never silently
 * moves onto other text.
 */
export type AnchorState =
  | { state: 'attached'; sectionId: string | null }
  | { state: 'removed'; sectionId: string | null };

/** The plain text of a Y.XmlText (embeds count as one character, as in positions). */
function plainText(text: Y.XmlText): string {
  return (text.toDelta() as Array<{ insert: unknown }>)
    .map((op) => (typeof op.insert === 'string' ? op.insert : '\uFFFC'))
    .join('');
}

function decode(position: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(Buffer.from(position, 'base64'));
  } catch {
    return null;
  }
}

/** The text block the anchor is in now, and the slice it covers; null if it does not resolve. */
export function anchorSlice(
  doc: Y.Doc,
  anchor: Pick<TextAnchor, 'start' | 'end'>,
): { text: Y.XmlText; slice: string } | null {
  const start = decode(anchor.start);
  const end = decode(anchor.end);
  if (start === null || end === null) return null;
  const from = Y.createAbsolutePositionFromRelativePosition(start, doc);
  const to = Y.createAbsolutePositionFromRelativePosition(end, doc);
  if (from === null || to === null || from.type !== to.type) return null;
  if (!(from.type instanceof Y.XmlText) || from.index >= to.index) return null;
  return { text: from.type, slice: plainText(from.type).slice(from.index, to.index) };
}

/** The id of the section (the nearest heading before it, at the top level) a text block is in. */
export function sectionOfText(doc: Y.Doc, text: Y.XmlText): string | null {
  const fragment = doc.getXmlFragment(YDOC_CONTENT_FIELD);
  let block: Y.XmlText | Y.XmlElement = text;
  while (block.parent !== fragment) {
    if (!(block.parent instanceof Y.XmlElement)) return null;
    block = block.parent;
  }
  let section: string | null = null;
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlElement && child.nodeName === 'heading') {
      const id = child.getAttribute(ID_ATTR);
      if (typeof id === 'string') section = id;
    }
    if (child === block) return section;
  }
  return null;
}

export function resolveAnchor(doc: Y.Doc, anchor: TextAnchor): AnchorState {
  const found = anchorSlice(doc, anchor);
  if (found === null || found.slice !== anchor.quote) return { state: 'removed', sectionId: null };
  return { state: 'attached', sectionId: sectionOfText(doc, found.text) };
}
