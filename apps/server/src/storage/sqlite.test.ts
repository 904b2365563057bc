import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { SqliteStorage, type SqliteStorageOptions } from './sqlite.js';
import { registerStorageContractTests } from './storage.contract.js';

/** A fresh storage in a temp dir for `run`, closed and removed afterwards. */
async function withStorage(
  options: Omit<SqliteStorageOptions, 'dataDir'>,
  run: (storage: SqliteStorage) => Promise<void>,
): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ratify-sqlite-'));
  const storage = new SqliteStorage({ dataDir, ...options });
  try {
    await run(storage);
  } finally {
    await storage.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const variants: [string, Omit<SqliteStorageOptions, 'dataDir'>][] = [
  ['sqlite', {}],
  ['sqlite with commit pacing', { minCommitIntervalMs: 5 }],
];
for (const [name, options] of variants) {
  registerStorageContractTests(name, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ratify-sqlite-'));
    return {
      open: async () => new SqliteStorage({ dataDir, ...options }),
      destroy: () => rm(dataDir, { recursive: true, force: true }),
    };
  });
}

describe('sqlite specifics', () => {
  it('runs in WAL mode with synchronous=FULL', async () => {
    await withStorage({}, async (storage) => {
      const db = new Database(storage.filename, { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
      // synchronous is per connection: read it through the storage's own connection.
      expect(storage.pragma('synchronous')).toBe(2);
    });
  });

  it('commits with synchronous=NORMAL when asked (process-crash survival: test/durability DU1)', async () => {
    await withStorage({ synchronous: 'normal' }, async (storage) => {
      expect(storage.pragma('synchronous')).toBe(1);
    });
  });

  it('groups appends issued in one turn into one transaction', async () => {
    await withStorage({}, async (storage) => {
      await storage.createDoc({ id: 'd', title: 'D' });
      const doc = new Y.Doc();
      const before = storage.commits;
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const sv = Y.encodeStateVector(doc);
          doc.getText('t').insert(0, String(i));
          return storage.append('d', Y.encodeStateAsUpdate(doc, sv));
        }),
      );
      expect(storage.commits - before).toBe(1);
    });
  });

  it('with commit pacing, an append after a quiet spell commits at once and a busy spell shares one commit', async () => {
    // The pacing clock is faked, so the test asserts on order, not on how fast this machine is;
    // setImmediate stays real, as the commit after a quiet spell runs on it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      await withStorage({ minCommitIntervalMs: 300 }, async (storage) => {
        await storage.createDoc({ id: 'd', title: 'D' });
        const doc = new Y.Doc();
        const next = () => {
          const sv = Y.encodeStateVector(doc);
          doc.getText('t').insert(0, 'x');
          return storage.append('d', Y.encodeStateAsUpdate(doc, sv));
        };
        // After a quiet spell: committed without any (fake) time passing.
        const first = storage.commits;
        await next();
        expect(storage.commits).toBe(first + 1);
        // Issued in separate turns right after that commit: they wait for the interval, together.
        const before = storage.commits;
        const busy: Promise<unknown>[] = [];
        for (let i = 0; i < 5; i++) {
          busy.push(next());
          await new Promise((resolve) => setImmediate(resolve));
          vi.advanceTimersByTime(50);
        }
        expect(storage.commits).toBe(before);
        vi.advanceTimersByTime(49);
        expect(storage.commits).toBe(before);
        vi.advanceTimersByTime(1);
        await Promise.all(busy);
        expect(storage.commits - before).toBe(1);
        expect((await storage.load('d'))?.updates).toHaveLength(6);
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a compaction that fails midway rolls back and keeps the whole log', async () => {
    await withStorage({}, async (storage) => {
      await storage.createDoc({ id: 'd', title: 'D' });
      const doc = new Y.Doc();
      for (let i = 0; i < 5; i++) {
        const sv = Y.encodeStateVector(doc);
        doc.getText('t').insert(0, String(i));
        await storage.append('d', Y.encodeStateAsUpdate(doc, sv));
      }
      // A corrupt row makes folding throw inside the transaction.
      const raw = new Database(storage.filename);
      raw
        .prepare('INSERT INTO updates (doc_id, data) VALUES (?, ?)')
        .run('d', Buffer.from([1, 1, 200, 200, 200]));
      raw.close();
      await expect(storage.compact('d')).rejects.toThrow();
      const stored = await storage.load('d');
      expect(stored?.snapshot).toBeNull();
      expect(stored?.updates).toHaveLength(6);
    });
  });
});
