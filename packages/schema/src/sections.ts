import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { reviewSchema } from './extensions.js';
import { ID_ATTR } from './ids.js';

/** Attributes that say who or what, not what the section says: left out of the hash. */
const NON_CONTENT_ATTRS = new Set([ID_ATTR, 'changedBy']);

/**
 * Nodes that record the review rather than being reviewed: left out of the hash. The change log
 * gets a row when the document is approved; that must not make the approval stale.
 */
export const NON_CONTENT_NODES: ReadonlySet<string> = new Set(['changeLog']);

export interface SectionInfo {
  id: string;
  title: string;
  level: number;
  /** SHA-256 hex of `canonicalSectionContent`. */
  contentHash: string;
}

export interface SectionRange {
  /** Index of the heading among the document's top-level blocks. */
  startIndex: number;
  /** Index one past the section's last top-level block. */
  endIndex: number;
  /** ProseMirror position before the heading. */
  from: number;
  /** ProseMirror position after the section's last block. */
  to: number;
}

function toNode(doc: JSONContent | PMNode): PMNode {
  return 'nodeSize' in doc ? (doc as PMNode) : reviewSchema.nodeFromJSON(doc);
}

/**
 * A section is a top-level heading and every block after it up to the next
 * heading of the same or a higher level, so an H2 section holds its H3s.
 */
function rangeAt(doc: PMNode, startIndex: number): SectionRange {
  const heading = doc.child(startIndex);
  let from = 0;
  for (let i = 0; i < startIndex; i++) from += doc.child(i).nodeSize;
  let endIndex = startIndex + 1;
  let to = from + heading.nodeSize;
  while (endIndex < doc.childCount) {
    const block = doc.child(endIndex);
    if (block.type.name === 'heading' && block.attrs.level <= heading.attrs.level) break;
    to += block.nodeSize;
    endIndex++;
  }
  return { startIndex, endIndex, from, to };
}

function headingIndexes(doc: PMNode): number[] {
  const indexes: number[] = [];
  doc.forEach((block, _offset, index) => {
    if (block.type.name === 'heading' && typeof block.attrs[ID_ATTR] === 'string')
      indexes.push(index);
  });
  return indexes;
}

/** The range of the section whose heading has this id, or null. */
export function sectionRange(doc: JSONContent | PMNode, sectionId: string): SectionRange | null {
  const node = toNode(doc);
  const index = headingIndexes(node).find((i) => node.child(i).attrs[ID_ATTR] === sectionId);
  return index === undefined ? null : rangeAt(node, index);
}

function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key, v]) => v !== undefined && !(key === 'attrs' && isEmptyObject(v)))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, v]) => [key, canonicalValue(v)]));
  }
  return value;
}

function isEmptyObject(value: unknown): boolean {
  return !!value && typeof value === 'object' && Object.keys(value).length === 0;
}

function contentOnly(json: JSONContent): JSONContent {
  const out: JSONContent = { type: json.type };
  if (json.attrs) {
    out.attrs = Object.fromEntries(
      Object.entries(json.attrs).filter(([key]) => !NON_CONTENT_ATTRS.has(key)),
    );
  }
  if (json.text !== undefined) out.text = json.text;
  if (json.marks?.length) {
    out.marks = [...json.marks].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  }
  if (json.content) {
    out.content = json.content.filter((c) => !NON_CONTENT_NODES.has(c.type ?? '')).map(contentOnly);
  }
  return out;
}

function canonicalBlocks(doc: PMNode, range: SectionRange): string {
  const blocks: JSONContent[] = [];
  for (let i = range.startIndex; i < range.endIndex; i++) {
    const block = doc.child(i);
    if (!NON_CONTENT_NODES.has(block.type.name))
      blocks.push(contentOnly(block.toJSON() as JSONContent));
  }
  return JSON.stringify(canonicalValue(blocks));
}

/**
 * The deterministic serialisation of a section that a sign-off hashes: its
 * blocks as JSON with sorted keys, attribute defaults filled in by the
 * schema, and ids, authorship and the change log left out.
 */
export function canonicalSectionContent(
  doc: JSONContent | PMNode,
  sectionId: string,
): string | null {
  const node = toNode(doc);
  const range = sectionRange(node, sectionId);
  return range ? canonicalBlocks(node, range) : null;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** Every section of the document in order, with its content hash. */
export function sectionsOf(doc: JSONContent | PMNode): SectionInfo[] {
  const node = toNode(doc);
  return headingIndexes(node).map((index) => {
    const heading = node.child(index);
    return {
      id: heading.attrs[ID_ATTR] as string,
      title: heading.textContent,
      level: heading.attrs.level as number,
      contentHash: sha256Hex(canonicalBlocks(node, rangeAt(node, index))),
    };
  });
}
