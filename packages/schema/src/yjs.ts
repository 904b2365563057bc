import type { JSONContent } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { reviewSchema } from './extensions.js';
import { docToMarkdown } from './markdown/index.js';
import { YDOC_CONTENT_FIELD } from './protocol.js';

/** The XmlFragment of a Y.Doc that holds the review document. */
export function contentFragment(ydoc: Y.Doc): Y.XmlFragment {
  return ydoc.getXmlFragment(YDOC_CONTENT_FIELD);
}

/** Writes a document into a Y.Doc's content fragment (a new Y.Doc unless one is given). */
export function jsonToYDoc(json: JSONContent, ydoc: Y.Doc = new Y.Doc()): Y.Doc {
  // Validate first, so a bad document never half-writes the Y.Doc.
  reviewSchema.nodeFromJSON(json).check();
  prosemirrorJSONToYXmlFragment(reviewSchema, json, contentFragment(ydoc));
  return ydoc;
}

/** The document held by a Y.Doc as ProseMirror JSON. */
export function yDocToJSON(ydoc: Y.Doc): JSONContent {
  return yXmlFragmentToProseMirrorRootNode(
    contentFragment(ydoc),
    reviewSchema,
  ).toJSON() as JSONContent;
}

export function yDocToMarkdown(ydoc: Y.Doc): string {
  return docToMarkdown(yDocToJSON(ydoc));
}

/** A Yjs update that creates the document from scratch; what the server stores for a new doc. */
export function jsonToYUpdate(json: JSONContent): Uint8Array {
  return Y.encodeStateAsUpdate(jsonToYDoc(json));
}
