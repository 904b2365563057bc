import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  DocumentExistsError,
  DocumentNotFoundError,
  type Storage,
  StorageClosedError,
} from './storage.js';

/**
 * A backend under test. `open` may be called again after `close` and must see the same data
 * (that is how durability is checked); `destroy` removes everything the backend created.
 */
export interface StorageHarness {
  open(): Promise<Storage>;
  destroy(): Promise<void>;
}

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getText('t').insert(doc.getText('t').length, text);
  return Y.encodeStateAsUpdate(doc, before);
}

function textOf(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] } | null): string {
  if (stored === null) throw new Error('document missing');
  const doc = new Y.Doc();
  if (stored.snapshot !== null) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

/**
 * The storage contract ([ST1]…[ST15]). Every backend runs exactly this suite; when a backend and
 * the suite disagree, the backend is wrong.
 */
export function registerStorageContractTests(
  name: string,
  makeHarness: () => Promise<StorageHarness>,
): void {
  describe(`storage contract: ${name}`, () => {
    let harness: StorageHarness;
    let storage: Storage;

    beforeEach(async () => {
      harness = await makeHarness();
      storage = await harness.open();
    });

    afterEach(async () => {
      await storage.close();
      await harness.destroy();
    });

    async function reopen(): Promise<Storage> {
      await storage.close();
      storage = await harness.open();
      return storage;
    }

    it('[ST1] createDoc stores metadata that getMeta, exists and list return', async () => {
      const meta = await storage.createDoc({ id: 'a1', title: 'First' });
      expect(meta).toMatchObject({ id: 'a1', title: 'First' });
      expect(meta.createdAt).toBe(meta.updatedAt);
      expect(await storage.getMeta('a1')).toEqual(meta);
      expect(await storage.exists('a1')).toBe(true);
      expect(await storage.exists('nope')).toBe(false);
      expect(await storage.getMeta('nope')).toBeNull();
      expect(await storage.list()).toEqual([meta]);
    });

    it('[ST2] creating an existing id rejects and changes nothing', async () => {
      const doc = new Y.Doc();
      await storage.createDoc({ id: 'a1', title: 'First', initialUpdate: textUpdate(doc, 'one') });
      await expect(
        storage.createDoc({ id: 'a1', title: 'Second', initialUpdate: textUpdate(doc, 'two') }),
      ).rejects.toBeInstanceOf(DocumentExistsError);
      expect((await storage.getMeta('a1'))?.title).toBe('First');
      expect(textOf(await storage.load('a1'))).toBe('one');
    });

    it('[ST3] load returns the initial update, then appends in commit order', async () => {
      const doc = new Y.Doc();
      await storage.createDoc({ id: 'd', title: 'D', initialUpdate: textUpdate(doc, 'a') });
      await storage.append('d', textUpdate(doc, 'b'));
      await storage.append('d', textUpdate(doc, 'c'));
      const stored = await storage.load('d');
      expect(stored?.snapshot).toBeNull();
      expect(stored?.updates).toHaveLength(3);
      expect(textOf(stored)).toBe('abc');
      expect(await storage.load('missing')).toBeNull();
    });

    it('[ST4] appends issued together all resolve, keep their order and report the log length', async () => {
      const doc = new Y.Doc();
      await storage.createDoc({ id: 'd', title: 'D' });
      const updates = Array.from({ length: 200 }, (_, i) => textUpdate(doc, `${i % 10}`));
      const results = await Promise.all(updates.map((u) => storage.append('d', u)));
      expect(Math.max(...results.map((r) => r.logLength))).toBe(200);
      const stored = await storage.load('d');
      expect(stored?.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(
        updates.map((u) => Buffer.from(u).toString('hex')),
      );
      expect(textOf(stored)).toBe(doc.getText('t').toString());
    });

    it('[ST5] an append to a missing document rejects without failing appends batched with it', async () => {
      const doc = new Y.Doc();
      await storage.createDoc({ id: 'ok', title: 'ok' });
      const good = storage.append('ok', textUpdate(doc, 'x'));
      const bad = storage.append('ghost', textUpdate(doc, 'y'));
      await expect(bad).rejects.toBeInstanceOf(DocumentNotFoundError);
      await expect(good).resolves.toMatchObject({ logLength: 1 });
      expect(await storage.exists('ghost')).toBe(false);
    });

    it('[ST6] an append is durable once its promise resolved', async () => {
      const doc = new Y.Doc();
      await storage.createDoc({ id: 'd', title: 'D' });
      await storage.append('d', textUpdate(doc, 'durable'));
      await reopen();
      expect(textOf(await storage.load('d'))).toBe('durable');
    });

    it('[ST7] close commits appends that are still queued', async () => {
      const doc = new Y.Doc();
      await storage.createDoc({ id: 'd', title: 'D' });
      const pending = storage.append('d', textUpdate(doc, 'late'));
      await storage.close();
      await expect(pending).resolves.toMatchObject({ logLength: 1 });
      await expect(storage.append('d', textUpdate(doc, 'x'))).rejects.toBeInstanceOf(
        StorageClosedError,
      );
      storage = await harness.open();
      expect(textOf(await storage.load('d'))).toBe('late');
    });

    it('[ST8] compact folds the log into one snapshot with identical content', async () => {
      const doc = new Y.Doc();
      await storage.createDoc({ id: 'd', title: 'D', initialUpdate: textUpdate(doc, 'start ') });
      for (let i = 0; i < 20; i++) await storage.append('d', textUpdate(doc, `${i} `));
      doc.getText('t').delete(0, 6);
      await storage.append('d', Y.encodeStateAsUpdate(doc));
      const before = textOf(await storage.load('d'));
      expect(await storage.compact('d')).toEqual({ merged: 22 });
      const after = await storage.load('d');
      expect(after?.snapshot).not.toBeNull();
      expect(after?.updates).toEqual([]);
      expect(textOf(after)).toBe(before);
      expect(before).toBe(doc.getText('t').toString());
      expect(await storage.compact('d')).toEqual({ merged: 0 });
    });

    it('[ST14] compaction does not keep the text of deletions, nor lose a pending update', async () => {
      const doc = new Y.Doc();
      await storage.createDoc({ id: 'd', title: 'D', initialUpdate: textUpdate(doc, 'keep ') });
      await storage.append('d', textUpdate(doc, 'secret=hunter2 '));
      const before = Y.encodeStateVector(doc);
      doc.getText('t').delete(5, 'secret=hunter2 '.length);
      await storage.append('d', Y.encodeStateAsUpdate(doc, before));
      // An update whose predecessor is not stored yet must survive compaction.
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
      const first = textUpdate(other, 'one ');
      const second = textUpdate(other, 'two');
      await storage.append('d', second);
      await storage.compact('d');
      const stored = await storage.load('d');
      expect(Buffer.from(stored?.snapshot ?? []).includes('hunter2')).toBe(false);
      await storage.append('d', first);
      expect(textOf(await storage.load('d'))).toBe('keep one two');
    });

    it('[ST9] appends after a compaction form the tail; a second compaction includes the snapshot', async () => {
      const doc = new Y.Doc();
      await storage.createDoc({ id: 'd', title: 'D' });
      await storage.append('d', textUpdate(doc, 'a'));
      await storage.compact('d');
      const r = await storage.append('d', textUpdate(doc, 'b'));
      expect(r.logLength).toBe(1);
      const mid = await storage.load('d');
      expect(mid?.updates).toHaveLength(1);
      expect(textOf(mid)).toBe('ab');
      await storage.compact('d');
      await reopen();
      const cold = await storage.load('d');
      expect(cold?.updates).toEqual([]);
      expect(textOf(cold)).toBe('ab');
      await expect(storage.compact('missing')).rejects.toBeInstanceOf(DocumentNotFoundError);
    });

    it('[ST10] delete removes the document and its log', async () => {
      const doc = new Y.Doc();
      await storage.createDoc({ id: 'd', title: 'D', initialUpdate: textUpdate(doc, 'a') });
      await storage.createDoc({ id: 'keep', title: 'K' });
      expect(await storage.delete('d')).toBe(true);
      expect(await storage.delete('d')).toBe(false);
      expect(await storage.load('d')).toBeNull();
      expect((await storage.list()).map((m) => m.id)).toEqual(['keep']);
      await expect(storage.append('d', textUpdate(doc, 'b'))).rejects.toBeInstanceOf(
        DocumentNotFoundError,
      );
      // The id is free again and starts empty.
      await storage.createDoc({ id: 'd', title: 'again' });
      expect(textOf(await storage.load('d'))).toBe('');
    });

    it('[ST11] list is ordered by last update, and an append moves updatedAt', async () => {
      const doc = new Y.Doc();
      const a = await storage.createDoc({ id: 'a', title: 'A' });
      await storage.createDoc({ id: 'b', title: 'B' });
      // Wait for the clock to move so the order is decided by the append below.
      const start = Date.now();
      while (Date.now() === start) await new Promise((r) => setImmediate(r));
      await storage.append('a', textUpdate(doc, 'x'));
      const list = await storage.list();
      expect(list.map((m) => m.id)).toEqual(['a', 'b']);
      expect(list[0]?.updatedAt).toBeGreaterThan(a.updatedAt);
      expect(list[0]?.createdAt).toBe(a.createdAt);
    });

    it('[ST13] logLength counts the initial update and appends, one by one and batched, across compaction and reopen', async () => {
      const doc = new Y.Doc();
      await storage.createDoc({ id: 'd', title: 'D', initialUpdate: textUpdate(doc, 'a') });
      expect(await storage.append('d', textUpdate(doc, 'b'))).toMatchObject({ logLength: 2 });
      const batch = await Promise.all([
        storage.append('d', textUpdate(doc, 'c')),
        storage.append('d', textUpdate(doc, 'd')),
      ]);
      expect(batch.map((r) => r.logLength).sort()).toEqual([4, 4]);
      await storage.compact('d');
      expect(await storage.append('d', textUpdate(doc, 'e'))).toMatchObject({ logLength: 1 });
      await reopen();
      expect(await storage.append('d', textUpdate(doc, 'f'))).toMatchObject({ logLength: 2 });
      expect(textOf(await storage.load('d'))).toBe('abcdef');
    });

    it('[ST15] setTitle changes the listed title durably, keeps updatedAt, and is false for a missing document', async () => {
      const created = await storage.createDoc({ id: 'named', title: 'Before' });
      expect(await storage.setTitle('named', 'After')).toBe(true);
      expect(await storage.setTitle('named', 'After')).toBe(true);
      expect(await storage.setTitle('missing', 'Nope')).toBe(false);
      expect(await storage.getMeta('missing')).toBeNull();
      const reopened = await reopen();
      const meta = await reopened.getMeta('named');
      expect(meta?.title).toBe('After');
      expect(meta?.updatedAt).toBe(created.updatedAt);
      expect((await reopened.list()).map((m) => m.title)).toEqual(['After']);
    });

    it('[ST12] ping resolves while open and rejects after close', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
      await storage.close();
      await expect(storage.ping()).rejects.toBeInstanceOf(StorageClosedError);
      storage = await harness.open();
    });
  });
}
