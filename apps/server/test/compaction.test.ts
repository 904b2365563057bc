import { MessageType } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdate } from '../src/sync/protocol.js';
import {
  connectProvider,
  createDoc,
  openRaw,
  ownerFetch,
  serverNotes,
  startServer,
  untilStored,
  whenSynced,
} from './helpers.js';

describe('compaction', () => {
  it('[CP1] the log is folded into a snapshot past the threshold; content and cold loads are unchanged', async () => {
    const threshold = 20;
    const server = await startServer({ compactionThreshold: threshold });
    const docId = await createDoc(server, { markdown: '# Compaction\n' });
    const writer = await openRaw(`${server.syncUrl}/${docId}?ack=1`);
    const local = new Y.Doc();
    let expected = '';
    for (let i = 0; i < 55; i++) {
      const sv = Y.encodeStateVector(local);
      const text = local.getText('notes');
      if (i % 5 === 4) text.delete(0, 1);
      else text.insert(text.length, `${i},`);
      writer.send(encodeUpdate(Y.encodeStateAsUpdate(local, sv)));
      expected = text.toString();
    }
    await writer.nextFrame((f) => f[0] === MessageType.savedAck && f[1] === 55, 5000, 'ack 55');

    const stored = await untilStored(
      server,
      docId,
      (doc) => doc?.snapshot !== null && (doc?.updates.length ?? 99) < threshold,
      'the log to be compacted',
    );
    // 1 initial + 55 appended; compacted at 20 and 40, leaving a short tail.
    expect(stored?.updates.length).toBeLessThan(threshold);
    const fromStorage = new Y.Doc();
    for (const u of [stored?.snapshot, ...(stored?.updates ?? [])])
      if (u) Y.applyUpdate(fromStorage, u);
    expect(fromStorage.getText('notes').toString()).toBe(expected);
    expect(serverNotes(server, docId)).toBe(expected);
    const exported = await (
      await ownerFetch(server, `${server.url}/api/docs/${docId}/export.md`)
    ).text();

    // Cold load on a fresh server reads the snapshot plus the tail.
    await server.close();
    const again = await startServer(
      { compactionThreshold: threshold },
      { dataDir: server.dataDir },
    );
    const reader = connectProvider(again.syncUrl, docId);
    await whenSynced(reader);
    expect(reader.doc.getText('notes').toString()).toBe(expected);
    expect(Y.encodeStateVector(reader.doc)).toEqual(Y.encodeStateVector(fromStorage));
    expect(await (await ownerFetch(again, `${again.url}/api/docs/${docId}/export.md`)).text()).toBe(
      exported,
    );
  });
});
