import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { diffDocuments } from './diff.js';
import { markdownToDoc } from './markdown/index.js';

const BASE = `# Payments review

## Context

The ledger keeps every payment.

## Decision

- [ ] Load balancing
- [x] Backups
- Framework: React

## Risks

None known.
`;

/** The same document with its node ids, edited by `change` on its Markdown-derived JSON. */
function edited(doc: JSONContent, change: (blocks: JSONContent[]) => JSONContent[]): JSONContent {
  const copy = structuredClone(doc);
  return { ...copy, content: change(copy.content ?? []) };
}

const section = (diff: ReturnType<typeof diffDocuments>, title: string) =>
  diff.sections.find((s) => s.title === title);

describe('diffDocuments', () => {
  it('[DF1] the same document has no changes; every section is listed unchanged', () => {
    const doc = markdownToDoc(BASE);
    const diff = diffDocuments(doc, doc);
    expect(diff.summary).toEqual({ added: 0, removed: 0, changed: 0, moved: 0 });
    expect(diff.sections.map((s) => [s.title, s.status])).toEqual([
      ['Payments review', 'unchanged'],
      ['Context', 'unchanged'],
      ['Decision', 'unchanged'],
      ['Risks', 'unchanged'],
    ]);
  });

  it('[DF2] a changed paragraph is diffed word by word; checklist ticks and field values are shown as such', () => {
    const from = markdownToDoc(BASE);
    const to = edited(from, (blocks) =>
      blocks.map((block) => {
        if (block.type === 'paragraph' && JSON.stringify(block).includes('ledger')) {
          return { ...block, content: [{ type: 'text', text: 'The ledger keeps every refund.' }] };
        }
        if (block.type === 'checklist') {
          return {
            ...block,
            content: (block.content ?? []).map((item, i) =>
              i === 0 ? { ...item, attrs: { ...item.attrs, state: 'done' } } : item,
            ),
          };
        }
        if (block.type === 'field')
          return { ...block, content: [{ type: 'text', text: 'Svelte' }] };
        return block;
      }),
    );
    const diff = diffDocuments(from, to);
    expect(diff.summary).toEqual({ added: 0, removed: 0, changed: 2, moved: 0 });
    const context = section(diff, 'Context');
    expect(context?.status).toBe('changed');
    expect(context?.words.filter((w) => w.kind !== 'same')).toEqual([
      { kind: 'removed', text: 'payment' },
      { kind: 'added', text: 'refund' },
    ]);
    expect(section(diff, 'Decision')?.items).toEqual([
      { kind: 'checklist', label: 'Load balancing', from: '☐', to: '☑' },
      { kind: 'field', label: 'Framework', from: 'React', to: 'Svelte' },
    ]);
  });

  it('[DF3] sections are matched by id: renamed, moved, added and removed sections are told apart', () => {
    const from = markdownToDoc(BASE);
    const newSection = markdownToDoc('## Rollout\n\nIn two steps.\n').content ?? [];
    const to = edited(from, (blocks) => {
      const titleOf = (b: JSONContent) => JSON.stringify(b.content ?? []);
      const at = (name: string) =>
        blocks.findIndex((b) => b.type === 'heading' && titleOf(b).includes(name));
      const context = blocks.slice(at('Context'), at('Decision'));
      const decision = blocks.slice(at('Decision'), at('Risks'));
      const heading = decision[0] as JSONContent;
      const renamed = { ...heading, content: [{ type: 'text', text: 'Decision made' }] };
      // Decision (renamed) before Context, Risks removed, Rollout added.
      return [
        ...blocks.slice(0, at('Context')),
        renamed,
        ...decision.slice(1),
        ...context,
        ...newSection,
      ];
    });
    const diff = diffDocuments(from, to);
    expect(diff.sections.map((s) => [s.title, s.status])).toEqual([
      ['Payments review', 'unchanged'],
      ['Decision made', 'changed'],
      // Removed: listed after the section that preceded it (Decision).
      ['Risks', 'removed'],
      ['Context', 'unchanged'],
      ['Rollout', 'added'],
    ]);
    // Two sections swapped places: one of them counts as moved.
    const moved = diff.sections.filter((s) => s.moved).map((s) => s.title);
    expect(moved).toHaveLength(1);
    expect(['Decision made', 'Context']).toContain(moved[0]);
    expect(section(diff, 'Decision made')?.previousTitle).toBe('Decision');
    expect(section(diff, 'Risks')?.words).toEqual([
      { kind: 'removed', text: '## Risks\nNone known.\n' },
    ]);
    expect(diff.summary).toEqual({ added: 1, removed: 1, changed: 1, moved: 1 });
  });
});
