import { MessageType } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectProvider,
  createDoc,
  onTick,
  openRaw,
  startServer,
  step2Update,
  until,
  untilServerNotes,
  untilStored,
  whenSynced,
} from './helpers.js';

const isStep1 = (f: Uint8Array) => f[0] === MessageType.sync && f[1] === 0;
const isStep2 = (f: Uint8Array) => f[0] === MessageType.sync && f[1] === 1;

describe('documents at rest', () => {
  it('[AR1] shutdown folds the log into a snapshot without deleted text, and a restart serves that snapshot as it is', async () => {
    const first = await startServer();
    const docId = await createDoc(first);
    const writer = connectProvider(first.syncUrl, docId);
    await whenSynced(writer);
    const notes = writer.doc.getText('notes');
    notes.insert(0, 'kept ');
    notes.insert(5, 'token=hunter2 ');
    notes.insert(notes.length, 'too');
    notes.delete(5, 'token=hunter2 '.length);
    await untilServerNotes(first, docId, (notes) => notes === 'kept too');
    writer.provider.destroy();
    await first.close();

    const second = await startServer({}, { dataDir: first.dataDir });
    const stored = await second.storage.load(docId);
    expect(stored?.updates).toEqual([]);
    const snapshot = stored?.snapshot ?? new Uint8Array();
    expect(Buffer.from(snapshot).includes('hunter2')).toBe(false);

    const raw = await openRaw(`${second.syncUrl}/${docId}`);
    raw.send(new Uint8Array([MessageType.sync, 0, 1, 0]));
    // Answered from the stored bytes before the room has built its Y.Doc: the server's own
    // step 1 (which needs the Y.Doc) only follows once the snapshot is integrated.
    const served = step2Update(await raw.nextFrame(isStep2));
    expect(Buffer.from(served).equals(Buffer.from(snapshot))).toBe(true);
    await raw.nextFrame(isStep1);
    const syncFrames = raw.frames.filter((f) => f[0] === MessageType.sync);
    expect(syncFrames.map((f) => f[1])).toEqual([1, 0]);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, served);
    expect(replica.getText('notes').toString()).toBe('kept too');
    raw.ws.terminate();
  });

  it('[AR4] a joiner whose first frame takes a round trip longer is still answered from the stored bytes', async () => {
    const first = await startServer();
    const docId = await createDoc(first, { markdown: '# Far away\n\nSome text.\n' });
    // Opened once, so shutdown leaves it compacted (a document never opened keeps its log).
    const opener = connectProvider(first.syncUrl, docId);
    await whenSynced(opener);
    opener.provider.destroy();
    await first.close();
    const second = await startServer({}, { dataDir: first.dataDir });
    const raw = await openRaw(`${second.syncUrl}/${docId}`);
    // As a client far away would: its step 1 arrives only after the room has loaded.
    await until(() => second.hub.liveRoom(docId) !== null, onTick(), 5000, 'the room to load');
    raw.send(new Uint8Array([MessageType.sync, 0, 1, 0]));
    await raw.nextFrame(isStep2);
    await raw.nextFrame(isStep1);
    const syncFrames = raw.frames.filter((f) => f[0] === MessageType.sync);
    expect(syncFrames.map((f) => f[1])).toEqual([1, 0]);
    expect(second.hub.liveRoom(docId)?.doc.getXmlFragment('content').length).toBeGreaterThan(0);
  });

  it('[AR2] a client with offline edits that reconnects to a freshly loaded room exchanges both ways', async () => {
    const first = await startServer();
    const docId = await createDoc(first);
    const editor = connectProvider(first.syncUrl, docId);
    await whenSynced(editor);
    editor.doc.getText('notes').insert(0, 'before restart. ');
    await untilServerNotes(first, docId, (notes) => notes?.length === 16);
    editor.provider.disconnect();
    await first.close();
    // Edited while the server was down.
    editor.doc.getText('notes').insert(16, 'offline.');

    const second = await startServer({}, { dataDir: first.dataDir });
    const other = connectProvider(second.syncUrl, docId);
    await whenSynced(other);
    // The same replica (its history and offline edit) comes back through a new provider.
    const back = connectProvider(second.syncUrl, docId);
    Y.applyUpdate(back.doc, Y.encodeStateAsUpdate(editor.doc));
    await whenSynced(back);
    await until(
      () => other.doc.getText('notes').toString() === 'before restart. offline.',
      onTick(),
      5000,
      'the offline edit to reach the other client',
    );
    other.doc.getText('notes').insert(0, '> ');
    await until(
      () => back.doc.getText('notes').toString() === '> before restart. offline.',
      onTick(),
      5000,
      'a live edit after the reconnect',
    );
  });

  it('[AR3] a room unloaded after its grace period leaves a compacted document', async () => {
    const server = await startServer({ unloadGraceMs: 20 });
    const docId = await createDoc(server, { markdown: '# At rest\n' });
    const editor = connectProvider(server.syncUrl, docId);
    await whenSynced(editor);
    for (let i = 0; i < 10; i++) editor.doc.getText('notes').insert(0, `${i}`);
    await untilServerNotes(server, docId, (notes) => notes?.length === 10);
    expect((await server.storage.load(docId))?.updates.length).toBeGreaterThan(1);
    editor.provider.destroy();
    const stored = await untilStored(
      server,
      docId,
      (doc) => server.hub.liveRoom(docId) === null && doc?.updates.length === 0,
      'the unloaded room to be compacted',
    );
    const replica = new Y.Doc();
    Y.applyUpdate(replica, stored?.snapshot ?? new Uint8Array());
    expect(replica.getText('notes').toString()).toBe('9876543210');
  });
});
