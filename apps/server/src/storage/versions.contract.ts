import { describe, expect, it } from 'vitest';
import type { NewVersion, VersionStore } from './versions.js';

const version = (docId: string, change: Partial<NewVersion> = {}): NewVersion => ({
  docId,
  name: null,
  kind: 'auto',
  at: 1_000,
  createdBy: null,
  contributors: ['ada'],
  signoffs: {
    state: 'in_review',
    sections: [
      {
        id: 's1',
        title: 'Context',
        signoffs: [{ signerId: 'bob', verdict: 'approve', state: 'current' }],
      },
    ],
  },
  state: new Uint8Array([1, 2, 3]),
  stateVector: new Uint8Array([1, 0]),
  markdown: '# Doc\n',
  ...change,
});

/** The contract every VersionStore backend passes. */
export function registerVersionContractTests(
  name: string,
  open: () => Promise<{ store: VersionStore; close: () => Promise<void> }>,
): void {
  describe(`VersionStore contract: ${name}`, () => {
    it('[VS1] versions are numbered per document, listed oldest first without content, read whole by number or name', async () => {
      const { store, close } = await open();
      try {
        const first = await store.addVersion(version('d1'));
        expect(first?.n).toBe(1);
        await store.addVersion(version('d2'));
        const named = await store.addVersion(
          version('d1', {
            name: '1.0',
            kind: 'approval',
            at: 2_000,
            stateVector: new Uint8Array([1, 1]),
          }),
        );
        expect(named?.n).toBe(2);
        await store.addVersion(
          version('d1', { name: '1.0', kind: 'manual', at: 3_000, createdBy: 'ada' }),
        );
        const list = await store.listVersions('d1');
        expect(list.map((v) => [v.n, v.name, v.kind, v.createdBy])).toEqual([
          [1, null, 'auto', null],
          [2, '1.0', 'approval', null],
          [3, '1.0', 'manual', 'ada'],
        ]);
        expect(list[0]).toEqual({
          docId: 'd1',
          n: 1,
          name: null,
          kind: 'auto',
          at: 1_000,
          createdBy: null,
          contributors: ['ada'],
          signoffs: version('d1').signoffs,
        });
        expect(await store.getVersion('d1', 2)).toEqual({
          ...version('d1', {
            name: '1.0',
            kind: 'approval',
            at: 2_000,
            stateVector: new Uint8Array([1, 1]),
          }),
          n: 2,
        });
        expect((await store.findVersion('d1', '1.0'))?.n).toBe(3);
        expect(await store.findVersion('d1', '9.9')).toBeNull();
        expect(await store.getVersion('d1', 9)).toBeNull();
        await store.deleteDocVersions('d1');
        expect(await store.listVersions('d1')).toEqual([]);
        expect(await store.listVersions('d2')).toHaveLength(1);
      } finally {
        await close();
      }
    });

    it('[VS2] an unchanged document is not versioned twice when asked so, even by writers racing; numbers stay contiguous', async () => {
      const { store, close } = await open();
      try {
        const racing = await Promise.all(
          [1, 2, 3, 4].map(() => store.addVersion(version('d1'), { unlessUnchanged: true })),
        );
        expect(racing.filter((v) => v !== null)).toHaveLength(1);
        const changed = await Promise.all(
          [1, 2, 3].map((i) =>
            store.addVersion(version('d1', { stateVector: new Uint8Array([9, i]) }), {
              unlessUnchanged: true,
            }),
          ),
        );
        expect(changed.every((v) => v !== null)).toBe(true);
        // Without the option a version is always taken (a name given by hand).
        expect(
          await store.addVersion(version('d1', { stateVector: new Uint8Array([9, 3]) })),
        ).not.toBeNull();
        expect((await store.listVersions('d1')).map((v) => v.n)).toEqual([1, 2, 3, 4, 5]);
      } finally {
        await close();
      }
    });
  });
}
