import { type ChecklistState, isChecklistState } from '@ratify/schema';
import type { Node as PMNode } from '@tiptap/pm/model';

/** How many checklist items are in each state. */
export interface ChecklistCounts {
  total: number;
  done: number;
  notApplicable: number;
  open: number;
}

export interface ChecklistProgress {
  /** The whole document. */
  document: ChecklistCounts;
  /**
   * Per section id (a heading with an id, as in the outline): the items from the heading up to
   * the next heading of the same or a higher level, so an H2 counts the items of its H3s.
   */
  sections: Map<string, ChecklistCounts>;
}

export const emptyCounts = (): ChecklistCounts => ({
  total: 0,
  done: 0,
  notApplicable: 0,
  open: 0,
});

function add(into: ChecklistCounts, from: ChecklistCounts): void {
  into.total += from.total;
  into.done += from.done;
  into.notApplicable += from.notApplicable;
  into.open += from.open;
}

function countState(into: ChecklistCounts, state: ChecklistState): void {
  into.total++;
  if (state === 'done') into.done++;
  else if (state === 'not-applicable') into.notApplicable++;
  else into.open++;
}

/**
 * Counts per top-level block. ProseMirror nodes are immutable and shared between versions of
 * the document, so an edit leaves every block it did not touch the same object: with this
 * cache, recomputing after a keystroke walks the top-level list and re-counts only the block
 * that changed.
 */
export type BlockCountCache = WeakMap<PMNode, ChecklistCounts>;

export function newBlockCountCache(): BlockCountCache {
  return new WeakMap();
}

function blockCounts(block: PMNode, cache: BlockCountCache | null): ChecklistCounts {
  const cached = cache?.get(block);
  if (cached) return cached;
  const counts = emptyCounts();
  if (block.type.name === 'checklistItem') {
    countState(counts, isChecklistState(block.attrs.state) ? block.attrs.state : 'open');
  } else if (!block.isTextblock && !block.isLeaf) {
    block.descendants((node) => {
      if (node.type.name === 'checklistItem') {
        countState(counts, isChecklistState(node.attrs.state) ? node.attrs.state : 'open');
        return false;
      }
      // Checklist items never sit inside text: skip the inline content of paragraphs etc.
      return !node.isTextblock;
    });
  }
  cache?.set(block, counts);
  return counts;
}

/** Checklist progress of the document and of each section. */
export function checklistProgress(
  doc: PMNode,
  cache: BlockCountCache | null = null,
): ChecklistProgress {
  const document = emptyCounts();
  const sections = new Map<string, ChecklistCounts>();
  // The headings whose sections hold the current block, outermost first.
  const open: { level: number; counts: ChecklistCounts }[] = [];
  doc.forEach((block) => {
    const id = block.attrs.id;
    if (block.type.name === 'heading' && typeof id === 'string' && id) {
      const level = Number(block.attrs.level);
      while (open.length > 0 && (open[open.length - 1]?.level ?? 0) >= level) open.pop();
      const counts = emptyCounts();
      sections.set(id, counts);
      open.push({ level, counts });
      return;
    }
    const counts = blockCounts(block, cache);
    if (counts.total === 0) return;
    add(document, counts);
    for (const section of open) add(section.counts, counts);
  });
  return { document, sections };
}

export function sameCounts(
  a: ChecklistCounts | undefined,
  b: ChecklistCounts | undefined,
): boolean {
  if (!a || !b) return a === b;
  return (
    a.total === b.total &&
    a.done === b.done &&
    a.notApplicable === b.notApplicable &&
    a.open === b.open
  );
}

export function sameProgress(a: ChecklistProgress, b: ChecklistProgress | null): boolean {
  if (!b || !sameCounts(a.document, b.document) || a.sections.size !== b.sections.size) {
    return false;
  }
  for (const [id, counts] of a.sections) {
    if (!sameCounts(counts, b.sections.get(id))) return false;
  }
  return true;
}

/** "12 of 119 done, 8 not applicable"; "No checklist items" when there are none. */
export function describeCounts(counts: ChecklistCounts): string {
  if (counts.total === 0) return 'No checklist items';
  const na = counts.notApplicable > 0 ? `, ${counts.notApplicable} not applicable` : '';
  return `${counts.done} of ${counts.total} done${na}`;
}

/** Share of the items that are settled (done or not applicable), 0 to 1. */
export function settledShare(counts: ChecklistCounts): number {
  return counts.total === 0 ? 0 : (counts.done + counts.notApplicable) / counts.total;
}
