import type { JSONContent } from '@tiptap/core';
import {
  prosemirrorJSONToYXmlFragment,
  updateYFragment,
  yXmlFragmentToProseMirrorRootNode,
} from '@tiptap/y-tiptap';
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

/**
 * Make the Y.Doc's content equal `json` as a forward change (what a restore does): only what
 * differs is deleted and inserted, so unchanged blocks keep their Yjs items and concurrent
 * edits elsewhere survive. Validated first; the title and other roots are left alone.
 */
export function replaceContent(ydoc: Y.Doc, json: JSONContent, origin?: unknown): void {
  const node = reviewSchema.nodeFromJSON(json);
  node.check();
  ydoc.transact(() => {
    updateYFragment(ydoc, contentFragment(ydoc), node, { mapping: new Map(), isOMark: new Map() });
  }, origin);
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

/**
 * Append a row to the document's change log (the first one, at any depth) as Yjs elements, the
 * way the editor stores one; false when the document has no change log.
 */
export function appendChangeLogRow(ydoc: Y.Doc, cells: readonly string[]): boolean {
  const log = findElement(contentFragment(ydoc), 'changeLog');
  if (log === null) return false;
  ydoc.transact(() => {
    const last = log.toArray().at(-1);
    // A log that ends in an untouched row (as the template's does) has that row filled in.
    if (
      last instanceof Y.XmlElement &&
      last.toArray().every((cell) => cell instanceof Y.XmlElement && cell.length === 0)
    ) {
      for (const [index, cell] of last.toArray().entries()) {
        const text = cells[index] ?? '';
        if (text !== '' && cell instanceof Y.XmlElement) cell.insert(0, [new Y.XmlText(text)]);
      }
      return;
    }
    const row = new Y.XmlElement('changeLogRow');
    row.insert(
      0,
      cells.map((text) => {
        const cell = new Y.XmlElement('changeLogCell');
        if (text !== '') cell.insert(0, [new Y.XmlText(text)]);
        return cell;
      }),
    );
    log.push([row]);
  });
  return true;
}

/** The texts of the change log's Version column (for the next version number). */
export function changeLogVersions(ydoc: Y.Doc): string[] {
  const log = findElement(contentFragment(ydoc), 'changeLog');
  if (log === null) return [];
  return log
    .toArray()
    .flatMap((row) => (row instanceof Y.XmlElement ? [row.toArray()[1]] : []))
    .map((cell) =>
      cell instanceof Y.XmlElement
        ? cell
            .toArray()
            .map((t) => (t instanceof Y.XmlText ? t.toString() : ''))
            .join('')
        : '',
    );
}

function findElement(parent: Y.XmlFragment | Y.XmlElement, name: string): Y.XmlElement | null {
  for (const child of parent.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    if (child.nodeName === name) return child;
    const found = findElement(child, name);
    if (found !== null) return found;
  }
  return null;
}
