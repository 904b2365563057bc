import { describe, expect, test } from 'vitest';
import { newNodeId, withNodeIds, withoutNodeIds } from './ids.js';

describe('node ids', () => {
  test('[ID1] ids are 12 url-safe characters and do not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, newNodeId));
    expect(ids.size).toBe(10_000);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{12}$/);
  });

  test('[ID2] missing ids are issued, existing ones kept, copies re-issued', () => {
    const doc = withNodeIds({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2, id: 'keep' } },
        { type: 'heading', attrs: { level: 2, id: 'keep' } },
        { type: 'heading', attrs: { level: 2 } },
        { type: 'paragraph' },
      ],
    });
    const ids = (doc.content ?? []).map((node) => node.attrs?.id);
    expect(ids[0]).toBe('keep');
    expect(ids[1]).not.toBe('keep');
    expect(ids[2]).toMatch(/^[a-z0-9]{12}$/);
    expect(ids[3]).toBeUndefined();
  });

  test('[ID3] withoutNodeIds strips only the id attribute', () => {
    expect(withoutNodeIds({ type: 'heading', attrs: { id: 'x', level: 2 } })).toEqual({
      type: 'heading',
      attrs: { level: 2 },
    });
  });
});
