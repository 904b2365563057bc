import { type JSONContent, sectionsOf } from '@ratify/schema';
import type { StoredThread } from '../storage/comments.js';
import type { SearchDocument, SearchEntry } from './search.js';

function textOf(node: JSONContent): string {
  if (node.type === 'text') return node.text ?? '';
  const inner = (node.content ?? []).map(textOf).join('');
  // A field reads as "Label: value", so its label is searchable too.
  if (node.type === 'field') return `${String(node.attrs?.label ?? '')}: ${inner}`;
  return inner;
}

/**
 * What the index holds for a document: its title, each section's text (heading and blocks up to
 * the next heading; checklist items, fields and tables included), and every comment that is not
 * deleted, under its thread's section.
 */
export function searchDocument(
  docId: string,
  title: string,
  content: JSONContent,
  threads: readonly StoredThread[],
): SearchDocument {
  const blocks = content.content ?? [];
  const sections = sectionsOf(content);
  const titles = new Map(sections.map((s) => [s.id, s.title]));
  const entries: SearchEntry[] = [
    { kind: 'title', sectionId: null, threadId: null, heading: title, body: title },
  ];
  let current: { id: string | null; heading: string; texts: string[] } = {
    id: null,
    heading: title,
    texts: [],
  };
  const flush = () => {
    const body = current.texts.join('\n').trim();
    if (body !== '') {
      entries.push({
        kind: 'section',
        sectionId: current.id,
        threadId: null,
        heading: current.heading,
        body,
      });
    }
  };
  for (const block of blocks) {
    const id = block.attrs?.id;
    if (block.type === 'heading' && typeof id === 'string') {
      flush();
      current = { id, heading: titles.get(id) ?? textOf(block), texts: [textOf(block)] };
    } else {
      current.texts.push(
        block.content === undefined ? textOf(block) : block.content.map(textOf).join('\n'),
      );
    }
  }
  flush();
  for (const thread of threads) {
    for (const comment of thread.comments) {
      if (comment.deletedAt !== null || comment.body.trim() === '') continue;
      entries.push({
        kind: 'comment',
        sectionId: thread.sectionId,
        threadId: thread.id,
        heading: titles.get(thread.sectionId) ?? title,
        body: comment.body,
      });
    }
  }
  return { docId, title, entries };
}
