import { describe, expect, it } from 'vitest';
import type { TemplateStore } from './templates.js';

/** The contract every TemplateStore backend passes. */
export function registerTemplateContractTests(
  name: string,
  open: () => Promise<{ store: TemplateStore; close: () => Promise<void> }>,
): void {
  describe(`TemplateStore contract: ${name}`, () => {
    it('[TP1] templates are kept whole, listed newest first, and deleted once', async () => {
      const { store, close } = await open();
      try {
        const a = {
          id: 'a',
          name: 'Service review',
          markdown: '# Service\n',
          createdBy: 'ada',
          createdAt: 1,
        };
        const b = {
          id: 'b',
          name: 'Data review',
          markdown: '# Data\n\n## Flows\n',
          createdBy: 'bob',
          createdAt: 2,
        };
        await store.addTemplate(a);
        await store.addTemplate(b);
        expect(await store.listTemplates()).toEqual([b, a]);
        expect(await store.getTemplate('a')).toEqual(a);
        expect(await store.getTemplate('zz')).toBeNull();
        expect(await store.deleteTemplate('a')).toBe(true);
        expect(await store.deleteTemplate('a')).toBe(false);
        expect((await store.listTemplates()).map((t) => t.id)).toEqual(['b']);
      } finally {
        await close();
      }
    });
  });
}
