import { describe, expect, it } from 'vitest';
import type { SearchDocument, SearchIndex } from './search.js';

const doc = (
  docId: string,
  title: string,
  sections: Array<[string, string]>,
  comments: Array<[string, string]> = [],
): SearchDocument => ({
  docId,
  title,
  entries: [
    { kind: 'title', sectionId: null, threadId: null, heading: title, body: title },
    ...sections.map(([heading, body], i) => ({
      kind: 'section' as const,
      sectionId: `s${i}`,
      threadId: null,
      heading,
      body,
    })),
    ...comments.map(([threadId, body]) => ({
      kind: 'comment' as const,
      sectionId: 's0',
      threadId,
      heading: sections[0]?.[0] ?? title,
      body,
    })),
  ],
});

const hitText = (parts: Array<{ text: string; hit: boolean }>) =>
  parts.filter((p) => p.hit).map((p) => p.text.toLowerCase());

/** The contract every SearchIndex backend passes. */
export function registerSearchContractTests(
  name: string,
  open: () => Promise<{ store: SearchIndex; close: () => Promise<void> }>,
): void {
  describe(`SearchIndex contract: ${name}`, () => {
    it('[SR1] words match as prefixes, all of them, case-insensitively, only in the documents asked for; snippets mark the hits', async () => {
      const { store, close } = await open();
      try {
        await store.indexDocument(
          doc('d1', 'Payments review', [
            ['Context', 'The ledger keeps every payment in Frankfurt.'],
            ['Decision', 'Use queues for refunds.'],
          ]),
          10,
        );
        await store.indexDocument(
          doc('d2', 'Search service', [['Context', 'An inverted index over the ledger.']]),
          11,
        );
        const hits = await store.search('Ledg', ['d1', 'd2'], 10);
        expect(hits.map((h) => [h.docId, h.kind, h.heading]).sort()).toEqual([
          ['d1', 'section', 'Context'],
          ['d2', 'section', 'Context'],
        ]);
        const first = hits.find((h) => h.docId === 'd1');
        expect(first).toMatchObject({
          docTitle: 'Payments review',
          sectionId: 's0',
          threadId: null,
        });
        expect(hitText(first?.snippet ?? [])).toEqual(['ledger']);
        expect(first?.snippet.map((p) => p.text).join('')).toContain('keeps every payment');
        // Every word must occur (in one entry); documents not asked for are never returned.
        expect(
          (await store.search('ledger frankfurt', ['d1', 'd2'], 10)).map((h) => h.docId),
        ).toEqual(['d1']);
        expect(await store.search('ledger', ['d2'], 10)).toHaveLength(1);
        expect(await store.search('ledger', [], 10)).toEqual([]);
        expect(await store.search('   ', ['d1'], 10)).toEqual([]);
        // Titles are searchable; the limit holds.
        expect((await store.search('payments', ['d1'], 10)).map((h) => h.kind)).toContain('title');
        expect(await store.search('context', ['d1', 'd2'], 1)).toHaveLength(1);
      } finally {
        await close();
      }
    });

    it('[SR2] query syntax from the user is just words; comments are found with their thread; re-indexing replaces, removing forgets', async () => {
      const { store, close } = await open();
      try {
        await store.indexDocument(
          doc('d1', 'Payments', [['Context', 'The ledger.']], [['t1', 'Why not Kafka?']]),
          10,
        );
        for (const q of [
          '"ledger',
          'ledger OR x',
          'ledger*',
          '-ledger',
          'NEAR(ledger)',
          "ledger') --",
          'ledger & !x | y:*',
        ]) {
          const hits = await store.search(q, ['d1'], 10);
          expect(hits.length, q).toBeGreaterThanOrEqual(0);
        }
        expect((await store.search('"ledger', ['d1'], 10)).map((h) => h.kind)).toEqual(['section']);
        const comment = await store.search('kafka', ['d1'], 10);
        expect(comment).toEqual([
          expect.objectContaining({
            kind: 'comment',
            threadId: 't1',
            sectionId: 's0',
            heading: 'Context',
          }),
        ]);
        expect(await store.indexedAt('d1')).toBe(10);
        await store.indexDocument(doc('d1', 'Payments', [['Context', 'The journal.']]), 20);
        expect(await store.search('ledger', ['d1'], 10)).toEqual([]);
        expect(await store.search('kafka', ['d1'], 10)).toEqual([]);
        expect(await store.search('journal', ['d1'], 10)).toHaveLength(1);
        expect(await store.indexedAt('d1')).toBe(20);
        await store.removeDocument('d1');
        expect(await store.search('journal', ['d1'], 10)).toEqual([]);
        expect(await store.indexedAt('d1')).toBeNull();
      } finally {
        await close();
      }
    });
  });
}
