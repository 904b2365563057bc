import type { JSONContent } from '@tiptap/core';
import { diffWords } from 'diff';
import { ID_ATTR } from './ids.js';
import { docToMarkdown } from './markdown/index.js';
import type { ChecklistState } from './nodes/checklist.js';
import { sectionRange, sectionsOf } from './sections.js';

/** How a checklist state reads in a diff: "Load balancing: ☐ → ☑". */
export const CHECKLIST_SYMBOLS: Record<ChecklistState, string> = {
  open: '☐',
  done: '☑',
  'not-applicable': '⊘',
};

export interface WordChange {
  kind: 'added' | 'removed' | 'same';
  text: string;
}

/** A checklist item or labelled field whose value changed (null: it was not there). */
export interface ItemChange {
  kind: 'checklist' | 'field';
  label: string;
  from: string | null;
  to: string | null;
}

export interface SectionDiff {
  /** The heading's stable id; '' for what comes before the first heading. */
  id: string;
  title: string;
  /** The title it had before, when it was renamed. */
  previousTitle: string | null;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Its place among the sections both sides have changed (it was moved). */
  moved: boolean;
  /** The section's Markdown, word by word (empty when unchanged). */
  words: WordChange[];
  /** Checklist ticks and field values that changed, shown as such. */
  items: ItemChange[];
}

export interface DocumentDiff {
  sections: SectionDiff[];
  summary: { added: number; removed: number; changed: number; moved: number };
}

interface Part {
  id: string;
  title: string;
  blocks: JSONContent[];
}

/** The document cut into its sections (by heading id), plus what precedes the first one. */
function partsOf(doc: JSONContent): Part[] {
  const blocks = doc.content ?? [];
  const sections = sectionsOf(doc);
  const parts: Part[] = [];
  const firstStart =
    sections.length === 0
      ? blocks.length
      : (sectionRange(doc, sections[0]?.id as string)?.startIndex ?? 0);
  if (firstStart > 0)
    parts.push({
      id: '',
      title: '(before the first section)',
      blocks: blocks.slice(0, firstStart),
    });
  for (const section of sections) {
    const range = sectionRange(doc, section.id);
    if (range === null) continue;
    // A section holds its subsections; each is also compared on its own, so keep only the
    // blocks up to the next heading of any level here.
    let end = range.startIndex + 1;
    while (end < range.endIndex && blocks[end]?.type !== 'heading') end++;
    parts.push({
      id: section.id,
      title: section.title,
      blocks: blocks.slice(range.startIndex, end),
    });
  }
  return parts;
}

const markdownOf = (blocks: JSONContent[]) => docToMarkdown({ type: 'doc', content: blocks });

function textOf(node: JSONContent): string {
  if (node.type === 'text') return node.text ?? '';
  return (node.content ?? []).map(textOf).join('');
}

/** Checklist items and fields of some blocks, by their stable id, with label and value. */
function itemsOf(
  blocks: JSONContent[],
): Map<string, { kind: ItemChange['kind']; label: string; value: string }> {
  const found = new Map<string, { kind: ItemChange['kind']; label: string; value: string }>();
  const walk = (node: JSONContent) => {
    const id = node.attrs?.[ID_ATTR];
    if (node.type === 'checklistItem' && typeof id === 'string') {
      const state = (node.attrs?.state ?? 'open') as ChecklistState;
      found.set(id, {
        kind: 'checklist',
        label: textOf(node).trim(),
        value: CHECKLIST_SYMBOLS[state] ?? state,
      });
      return;
    }
    if (node.type === 'field' && typeof id === 'string') {
      found.set(id, {
        kind: 'field',
        label: String(node.attrs?.label ?? ''),
        value: textOf(node).trim(),
      });
      return;
    }
    for (const child of node.content ?? []) walk(child);
  };
  for (const block of blocks) walk(block);
  return found;
}

function itemChanges(from: JSONContent[], to: JSONContent[]): ItemChange[] {
  const before = itemsOf(from);
  const after = itemsOf(to);
  const changes: ItemChange[] = [];
  for (const [id, now] of after) {
    const then = before.get(id);
    if (then === undefined)
      changes.push({ kind: now.kind, label: now.label, from: null, to: now.value });
    else if (then.value !== now.value)
      changes.push({ kind: now.kind, label: now.label, from: then.value, to: now.value });
  }
  for (const [id, then] of before) {
    if (!after.has(id))
      changes.push({ kind: then.kind, label: then.label, from: then.value, to: null });
  }
  return changes;
}

/** Ids of the longest common subsequence of two id lists: those kept in order (not moved). */
function inOrder(a: string[], b: string[]): Set<string> {
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = table[i] as number[];
      row[j] =
        a[i] === b[j]
          ? (table[i + 1]?.[j + 1] ?? 0) + 1
          : Math.max(table[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const kept = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      kept.add(a[i] as string);
      i++;
      j++;
    } else if ((table[i + 1]?.[j] ?? 0) >= (table[i]?.[j + 1] ?? 0)) i++;
    else j++;
  }
  return kept;
}

const words = (from: string, to: string): WordChange[] =>
  diffWords(from, to).map((part) => ({
    kind: part.added ? 'added' : part.removed ? 'removed' : 'same',
    text: part.value,
  }));

/**
 * What changed from one version of a document to another, section by section: sections are
 * matched by their stable heading ids, so a renamed or moved section is the same section.
 * Inside a section that changed, its Markdown is compared word by word, and checklist ticks and
 * field values are listed as such.
 */
export function diffDocuments(from: JSONContent, to: JSONContent): DocumentDiff {
  const before = partsOf(from);
  const after = partsOf(to);
  const beforeById = new Map(before.map((p) => [p.id, p]));
  const afterIds = new Set(after.map((p) => p.id));
  const common = (parts: Part[], other: Set<string>) =>
    parts.map((p) => p.id).filter((id) => other.has(id));
  const kept = inOrder(common(before, afterIds), common(after, new Set(beforeById.keys())));
  const out: SectionDiff[] = [];
  for (const part of after) {
    const then = beforeById.get(part.id);
    const now = markdownOf(part.blocks);
    if (then === undefined) {
      out.push({
        id: part.id,
        title: part.title,
        previousTitle: null,
        status: 'added',
        moved: false,
        words: [{ kind: 'added', text: now }],
        items: itemChanges([], part.blocks),
      });
      continue;
    }
    const was = markdownOf(then.blocks);
    const changed = was !== now;
    out.push({
      id: part.id,
      title: part.title,
      previousTitle: then.title !== part.title ? then.title : null,
      status: changed ? 'changed' : 'unchanged',
      moved: !kept.has(part.id),
      words: changed ? words(was, now) : [],
      items: changed ? itemChanges(then.blocks, part.blocks) : [],
    });
  }
  // A removed section is listed after the section that preceded it before.
  for (const [index, part] of before.entries()) {
    if (afterIds.has(part.id)) continue;
    const removed: SectionDiff = {
      id: part.id,
      title: part.title,
      previousTitle: null,
      status: 'removed',
      moved: false,
      words: [{ kind: 'removed', text: markdownOf(part.blocks) }],
      items: itemChanges(part.blocks, []),
    };
    const previous = before
      .slice(0, index)
      .reverse()
      .find((p) => out.some((s) => s.id === p.id));
    const at = previous === undefined ? 0 : out.findIndex((s) => s.id === previous.id) + 1;
    out.splice(at, 0, removed);
  }
  const count = (status: SectionDiff['status']) => out.filter((s) => s.status === status).length;
  return {
    sections: out,
    summary: {
      added: count('added'),
      removed: count('removed'),
      changed: count('changed'),
      moved: out.filter((s) => s.moved).length,
    },
  };
}
