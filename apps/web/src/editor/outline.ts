import type { Node as PMNode } from '@tiptap/pm/model';

export interface OutlineEntry {
  id: string;
  title: string;
  level: number;
  /** Position before the heading. */
  pos: number;
}

/**
 * The sections of a document as `sectionsOf` defines them (top-level headings with an id),
 * without hashing: cheap enough to run on every change.
 */
export function outlineOf(doc: PMNode): OutlineEntry[] {
  // Transactions that leave the document as it was (selection, remote carets) reuse the answer.
  const known = outlines.get(doc);
  if (known !== undefined) return known;
  const entries: OutlineEntry[] = [];
  doc.forEach((block, offset) => {
    const id = block.attrs.id;
    if (block.type.name === 'heading' && typeof id === 'string' && id) {
      entries.push({ id, title: block.textContent, level: Number(block.attrs.level), pos: offset });
    }
  });
  outlines.set(doc, entries);
  return entries;
}

const outlines = new WeakMap<PMNode, OutlineEntry[]>();

/** The id of the innermost section that holds position `pos`, or null before the first one. */
export function sectionIdAt(doc: PMNode, pos: number): string | null {
  let current: string | null = null;
  let offset = 0;
  for (let i = 0; i < doc.childCount; i++) {
    if (offset > pos) break;
    const block = doc.child(i);
    const id = block.attrs.id;
    if (block.type.name === 'heading' && typeof id === 'string' && id) current = id;
    offset += block.nodeSize;
  }
  return current;
}
