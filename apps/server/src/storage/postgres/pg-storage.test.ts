import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { registerStorageContractTests } from '../storage.contract.js';
import { MIGRATIONS } from './migrations.js';
import { PgStorage } from './pg-storage.js';
import { freshSchema, testPostgresUrl } from './testing.js';

const url = testPostgresUrl();

if (url === null) {
  describe.skip('PostgreSQL storage (set RATIFY_TEST_POSTGRES_URL)', () => {
    it('skipped', () => {});
  });
} else {
  const connectionString = url;
  registerStorageContractTests('postgres', async () => {
    const { schema, drop } = freshSchema(connectionString);
    return { open: () => PgStorage.open({ connectionString, schema }), destroy: drop };
  });

  describe('postgres specifics', () => {
    const withStorage = async (run: (storage: PgStorage) => Promise<void>) => {
      const { schema, drop } = freshSchema(connectionString);
      const storage = await PgStorage.open({ connectionString, schema });
      try {
        await run(storage);
      } finally {
        await storage.close();
        await drop();
      }
    };

    it('[PG1] updates are numbered 1, 2, 3 … per document in commit order, across batches and instances', async () => {
      await withStorage(async (storage) => {
        const other = await PgStorage.open({ connectionString, schema: storage.schema });
        try {
          const doc = new Y.Doc();
          const update = (text: string) => {
            const before = Y.encodeStateVector(doc);
            doc.getText('t').insert(0, text);
            return Y.encodeStateAsUpdate(doc, before);
          };
          await storage.createDoc({ id: 'a', title: 'A', initialUpdate: update('x') });
          await storage.createDoc({ id: 'b', title: 'B' });
          // Two instances append to the same documents at once.
          await Promise.all([
            ...Array.from({ length: 20 }, (_, i) =>
              storage.append(i % 2 ? 'a' : 'b', update(`s${i}`)),
            ),
            ...Array.from({ length: 20 }, (_, i) =>
              other.append(i % 2 ? 'b' : 'a', update(`o${i}`)),
            ),
          ]);
          const seqs = async (id: string) =>
            (
              await storage.pool.query<{ seq: string }>(
                'SELECT seq FROM doc_updates WHERE doc_id = $1 ORDER BY seq',
                [id],
              )
            ).rows.map((r) => Number(r.seq));
          expect(await seqs('a')).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
          expect(await seqs('b')).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
          const heads = await storage.pool.query<{ id: string; head: string }>(
            'SELECT id, head FROM docs ORDER BY id',
          );
          expect(heads.rows.map((r) => [r.id, Number(r.head)])).toEqual([
            ['a', 21],
            ['b', 20],
          ]);
          // Compaction keeps the numbering going: the next update is 22.
          await storage.compact('a');
          await storage.append('a', update('after'));
          expect(await seqs('a')).toEqual([22]);
        } finally {
          await other.close();
        }
      });
    });

    it('[PG2] migrations are recorded and applied once, even by instances starting together', async () => {
      const { schema, drop } = freshSchema(connectionString);
      try {
        const opened = await Promise.all(
          [1, 2, 3].map(() => PgStorage.open({ connectionString, schema })),
        );
        const { rows } = await (opened[0] as PgStorage).pool.query<{ version: number }>(
          'SELECT version FROM ratify_migrations ORDER BY version',
        );
        expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
        await Promise.all(opened.map((s) => s.close()));
      } finally {
        await drop();
      }
    });

    it('[PG3] compaction writes a new snapshot row and removes what it covers; an append racing it stays', async () => {
      await withStorage(async (storage) => {
        const doc = new Y.Doc();
        const update = (text: string) => {
          const before = Y.encodeStateVector(doc);
          doc.getText('t').insert(doc.getText('t').length, text);
          return Y.encodeStateAsUpdate(doc, before);
        };
        await storage.createDoc({ id: 'a', title: 'A', initialUpdate: update('one ') });
        for (const word of ['two ', 'three ']) await storage.append('a', update(word));
        const [compacted] = await Promise.all([
          storage.compact('a'),
          storage.append('a', update('four')),
        ]);
        expect(compacted.merged).toBeGreaterThanOrEqual(3);
        await storage.compact('a');
        const snapshots = await storage.pool.query('SELECT upto FROM doc_snapshots');
        expect(snapshots.rowCount).toBe(1);
        const loaded = await storage.load('a');
        const check = new Y.Doc();
        if (loaded?.snapshot) Y.applyUpdate(check, loaded.snapshot);
        for (const u of loaded?.updates ?? []) Y.applyUpdate(check, u);
        expect(check.getText('t').toString()).toBe('one two three four');
      });
    });
  });
}
