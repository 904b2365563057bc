import { MessageType } from '@ratify/schema';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteStorage } from '../src/storage/sqlite.js';
import type { Storage } from '../src/storage/storage.js';
import { encodeUpdate } from '../src/sync/protocol.js';
import {
  connectProvider,
  createDoc,
  newMember,
  onCleanup,
  onDocUpdates,
  onTick,
  openRaw,
  seededRandom,
  serverNotes,
  startServer,
  step2Update,
  type TestClient,
  tempDir,
  until,
  untilMetric,
  untilServerNotes,
  whenSynced,
} from './helpers.js';

/** True once `doc` holds every struct `expected` (a state vector) describes. */
function covers(doc: Y.Doc, expected: Map<number, number>): boolean {
  const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of expected) if ((sv.get(client) ?? 0) < clock) return false;
  return true;
}

function unionStateVector(docs: Y.Doc[]): Map<number, number> {
  const union = new Map<number, number>();
  for (const d of docs) {
    for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(d))) {
      union.set(client, Math.max(union.get(client) ?? 0, clock));
    }
  }
  return union;
}

async function converge(clients: TestClient[], ms = 10_000): Promise<void> {
  const docs = clients.map((c) => c.doc);
  const expected = unionStateVector(docs);
  await until(
    () => docs.every((d) => covers(d, expected)),
    onDocUpdates(...docs),
    ms,
    'convergence',
  );
}

/** An awareness frame with [clientId, clock, state] entries, built by hand. */
function awarenessFrame(entries: Array<[number, number, unknown]>): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, MessageType.awareness);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

function textUpdateFrame(doc: Y.Doc, text: string): Uint8Array {
  const sv = Y.encodeStateVector(doc);
  doc.getText('notes').insert(doc.getText('notes').length, text);
  return encodeUpdate(Y.encodeStateAsUpdate(doc, sv));
}

describe('sync with unmodified y-websocket providers', () => {
  it('[SY1] three providers editing concurrently converge to the same document', async () => {
    const server = await startServer();
    const docId = await createDoc(server);
    const clients = [0, 1, 2].map(() => connectProvider(server.syncUrl, docId));
    await Promise.all(clients.map((c) => whenSynced(c)));
    const random = seededRandom(42);
    // Interleave edits from all three before any of them can have seen the others'.
    for (let round = 0; round < 60; round++) {
      for (const [i, c] of clients.entries()) {
        const text = c.doc.getText('notes');
        const pos = Math.floor(random() * (text.length + 1));
        if (text.length > 5 && random() < 0.2)
          text.delete(Math.floor(random() * (text.length - 1)), 1);
        else text.insert(pos, `${i}${round % 10}`);
        c.doc.getMap('meta').set(`k${round % 7}`, `${i}-${round}`);
      }
    }
    await converge(clients);
    const [a, b, c] = clients.map((cl) => cl.doc.getText('notes').toString());
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(a?.length).toBeGreaterThan(100);
    const maps = clients.map((cl) => cl.doc.getMap('meta').toJSON());
    expect(maps[0]).toEqual(maps[1]);
    expect(maps[1]).toEqual(maps[2]);
    // The server's own copy agrees, and a late joiner receives the same state.
    const room = server.hub.liveRoom(docId);
    expect(room?.doc.getText('notes').toString()).toBe(a);
    const late = connectProvider(server.syncUrl, docId);
    await whenSynced(late);
    expect(late.doc.getText('notes').toString()).toBe(a);
  });

  it('[SY2] awareness is relayed to the room (sender included) and cleared when a connection closes', async () => {
    const server = await startServer();
    const docId = await createDoc(server);
    const alice = connectProvider(server.syncUrl, docId, {
      token: (await newMember(server, docId, 'editor', 'Alice')).docToken,
    });
    const bob = connectProvider(server.syncUrl, docId);
    await Promise.all([whenSynced(alice), whenSynced(bob)]);
    const room = () => {
      const r = server.hub.liveRoom(docId);
      if (r === null) throw new Error('room not loaded');
      return r;
    };
    const onAwareness = (notify: () => void) => {
      bob.provider.awareness.on('change', notify);
      return () => bob.provider.awareness.off('change', notify);
    };
    // The sender gets its own awareness back: for a lone editor that echo is the only traffic
    // that keeps y-websocket's 30 s "no message received" watchdog from reconnecting.
    const echoes = alice.received.filter((t) => t === MessageType.awareness).length;
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    await until(
      () => alice.received.filter((t) => t === MessageType.awareness).length > echoes,
      onTick(5),
      5000,
      'alice to receive the echo of her awareness',
    );
    const aliceId = alice.doc.clientID;
    await until(
      () => bob.provider.awareness.getStates().get(aliceId)?.user?.name === 'Alice',
      onAwareness,
      5000,
      "bob to see alice's awareness",
    );
    // A client joining later receives the current states on connect.
    const carol = connectProvider(server.syncUrl, docId);
    await until(
      () => carol.provider.awareness.getStates().get(aliceId)?.user?.name === 'Alice',
      (notify) => {
        carol.provider.awareness.on('change', notify);
        return () => carol.provider.awareness.off('change', notify);
      },
      5000,
      "carol to receive alice's awareness on join",
    );
    // Nobody may overwrite or clear presence another connection announced.
    const mallory = await openRaw(`${server.syncUrl}/${docId}`);
    const isAwareness = (f: Uint8Array) => f[0] === MessageType.awareness;
    await mallory.nextFrame(isAwareness, 5000, 'the awareness states sent on join');
    const clock = (room().awareness.meta.get(aliceId)?.clock ?? 0) + 5;
    mallory.send(awarenessFrame([[aliceId, clock, { user: { name: 'Mallory' } }]]));
    mallory.send(awarenessFrame([[aliceId, clock + 1, null]]));
    mallory.send(new Uint8Array([MessageType.queryAwareness]));
    await until(
      () => mallory.frames.filter(isAwareness).length >= 2,
      onTick(5),
      5000,
      'the reply to the query (after the spoofed frames were handled)',
    );
    expect(room().awareness.getStates().get(aliceId)?.user).toMatchObject({ name: 'Alice' });
    expect(mallory.ws.readyState).toBe(mallory.ws.OPEN);
    mallory.ws.close();

    // A client that vanishes without the provider's goodbye (null state): the server must clear
    // the states that connection announced, for everyone.
    const ghost = await openRaw(`${server.syncUrl}/${docId}`);
    const ghostId = 987_654;
    ghost.send(awarenessFrame([[ghostId, 1, { user: { name: 'Ghost' } }]]));
    await until(
      () => bob.provider.awareness.getStates().has(ghostId),
      onAwareness,
      5000,
      "bob to see the ghost's awareness",
    );
    ghost.ws.terminate();
    await until(
      () => !bob.provider.awareness.getStates().has(ghostId),
      onAwareness,
      5000,
      "the server to clear the ghost's awareness",
    );
    expect(bob.provider.awareness.getStates().get(aliceId)?.user?.name).toBe('Alice');
    expect(room().awareness.getStates().has(ghostId)).toBe(false);
  });

  it('[SY3] documents persist across a server restart', async () => {
    const first = await startServer();
    const docId = await createDoc(first);
    const writer = connectProvider(first.syncUrl, docId);
    await whenSynced(writer);
    writer.doc.getText('notes').insert(0, 'survives a restart');
    await untilServerNotes(first, docId, (notes) => notes === 'survives a restart');
    writer.provider.destroy();
    await first.close();
    const second = await startServer({}, { dataDir: first.dataDir });
    const reader = connectProvider(second.syncUrl, docId);
    await whenSynced(reader);
    expect(reader.doc.getText('notes').toString()).toBe('survives a restart');
  });

  it('[SY4] an update reaches other clients only after storage has committed it', async () => {
    const dataDir = await tempDir();
    const inner = new SqliteStorage({ dataDir });
    // Appends reach SQLite but their commit is reported only when the test opens the gate.
    let openGate: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    let appendCalls = 0;
    const appendSeen = new EventTarget();
    const storage: Storage = Object.assign(Object.create(inner) as SqliteStorage, {
      append: async (id: string, update: Uint8Array) => {
        appendCalls++;
        appendSeen.dispatchEvent(new Event('append'));
        const result = await inner.append(id, update);
        await gate;
        return result;
      },
    });
    const server = await startServer({}, { dataDir, storage });
    onCleanup(() => openGate()); // runs before the server closes, even if an assertion failed
    const docId = await createDoc(server);
    const writer = await openRaw(`${server.syncUrl}/${docId}?ack=1`);
    const reader = await openRaw(`${server.syncUrl}/${docId}`);
    writer.send(textUpdateFrame(new Y.Doc(), 'held'));
    await until(
      () => appendCalls === 1,
      (notify) => {
        appendSeen.addEventListener('append', notify);
        return () => appendSeen.removeEventListener('append', notify);
      },
      5000,
      'the append to start',
    );
    // A round trip on the reader's socket: anything broadcast before the reply would precede it.
    reader.send(new Uint8Array([MessageType.queryAwareness]));
    writer.send(new Uint8Array([MessageType.queryAwareness]));
    const reply = await reader.nextFrame(
      (f) => f[0] === MessageType.awareness,
      5000,
      'the probe reply',
    );
    const before = reader.frames.slice(0, reader.frames.indexOf(reply));
    expect(before.filter((f) => f[0] === MessageType.sync && f[1] === 2)).toEqual([]);
    // Nor has the writer been told it is saved; its own probe waits behind its update.
    expect(writer.frames.filter((f) => f[0] === MessageType.savedAck)).toEqual([]);
    expect(writer.frames.filter((f) => f[0] === MessageType.awareness)).toEqual([]);
    expect(serverNotes(server, docId)).toBe('');
    openGate();
    await reader.nextFrame((f) => f[0] === MessageType.sync && f[1] === 2, 5000, 'the broadcast');
    const ack = await writer.nextFrame((f) => f[0] === MessageType.savedAck, 5000, 'the ack');
    expect(Array.from(ack)).toEqual([MessageType.savedAck, 1]);
    const probe = await writer.nextFrame((f) => f[0] === MessageType.awareness, 5000, 'probe');
    expect(writer.frames.indexOf(probe)).toBeGreaterThan(writer.frames.indexOf(ack));
    expect(serverNotes(server, docId)).toBe('held');
  });

  it('[SY5] saved acks go only to ?ack=1 clients and count their durable updates', async () => {
    const server = await startServer();
    const docId = await createDoc(server);
    const plain = connectProvider(server.syncUrl, docId);
    await whenSynced(plain);
    const acker = await openRaw(`${server.syncUrl}/${docId}?ack=1`);
    const local = new Y.Doc();
    for (let i = 1; i <= 5; i++) acker.send(textUpdateFrame(local, `u${i};`));
    // Acks count 1..5, in order; each arrives only after that update is in storage.
    for (let n = 1; n <= 5; n++) {
      const ack = await acker.nextFrame(
        (f) => f[0] === MessageType.savedAck && f[1] === n,
        5000,
        `saved ack ${n}`,
      );
      const decoder = decoding.createDecoder(ack);
      expect(decoding.readVarUint(decoder)).toBe(MessageType.savedAck);
      expect(decoding.readVarUint(decoder)).toBe(n);
      expect(decoding.hasContent(decoder)).toBe(false);
    }
    const stored = await server.storage.load(docId);
    const d = new Y.Doc();
    for (const u of stored?.updates ?? []) Y.applyUpdate(d, u);
    expect(d.getText('notes').toString()).toBe('u1;u2;u3;u4;u5;');
    expect(acker.frames.filter((f) => f[0] === MessageType.savedAck)).toHaveLength(5);
    // The plain provider got the edits but never a saved ack.
    await until(
      () => plain.doc.getText('notes').toString() === 'u1;u2;u3;u4;u5;',
      onDocUpdates(plain.doc),
      5000,
      'the plain provider to receive the edits',
    );
    expect(plain.received).not.toContain(MessageType.savedAck);
    // A raw client without ?ack=1 never gets one either.
    const quiet = await openRaw(`${server.syncUrl}/${docId}`);
    quiet.send(textUpdateFrame(local, 'q;'));
    const probe = encoding.createEncoder();
    encoding.writeVarUint(probe, MessageType.queryAwareness);
    quiet.send(encoding.toUint8Array(probe));
    await quiet.nextFrame((f) => f[0] === MessageType.awareness, 5000, 'the query reply');
    expect(quiet.frames.some((f) => f[0] === MessageType.savedAck)).toBe(false);
    await untilMetric(server, 'ratify_updates_received_total', (n) => n >= 6);
  });

  it('[SY6] concurrent first connections share one load; the room unloads after the grace period', async () => {
    const server = await startServer({ unloadGraceMs: 50 });
    const docId = await createDoc(server);
    let loads = 0;
    const load = server.storage.load.bind(server.storage);
    server.storage.load = (id: string) => {
      loads++;
      return load(id);
    };
    const clients = [0, 1, 2, 3, 4].map(() => connectProvider(server.syncUrl, docId));
    await Promise.all(clients.map((c) => whenSynced(c)));
    expect(loads).toBe(1);
    expect(server.hub.loadedDocIds).toEqual([docId]);
    await untilMetric(server, 'ratify_loaded_documents', 1);
    for (const c of clients) c.provider.destroy();
    await until(() => server.hub.loadedDocIds.length === 0, onTick(), 5000, 'the room to unload');
    await untilMetric(server, 'ratify_loaded_documents', 0);
    // And it loads again on the next connection.
    const again = connectProvider(server.syncUrl, docId);
    await whenSynced(again);
    expect(loads).toBe(2);
  });
});

describe('joining clients', () => {
  it('[SY7] a client that knows nothing gets the whole current state, also right after a change', async () => {
    const server = await startServer();
    const docId = await createDoc(server);
    const writer = connectProvider(server.syncUrl, docId);
    await whenSynced(writer);

    const textForNewcomer = async (): Promise<string> => {
      const raw = await openRaw(`${server.syncUrl}/${docId}`);
      raw.send(new Uint8Array([MessageType.sync, 0, 1, 0]));
      const frame = await raw.nextFrame((f) => f[0] === MessageType.sync && f[1] === 1);
      const replica = new Y.Doc();
      Y.applyUpdate(replica, step2Update(frame));
      raw.ws.terminate();
      return replica.getText('notes').toString();
    };
    const newcomerSees = async (expected: string) => {
      const deadline = Date.now() + 5000;
      let seen = await textForNewcomer();
      while (seen !== expected && Date.now() < deadline) seen = await textForNewcomer();
      expect(seen).toBe(expected);
    };

    // The full state is cached between changes; each change must renew it.
    await newcomerSees('');
    const texts = ['first', 'first second', 'first second third'];
    for (const [i, text] of texts.entries()) {
      const previous = i === 0 ? '' : (texts[i - 1] as string);
      writer.doc.getText('notes').insert(previous.length, text.slice(previous.length));
      await newcomerSees(text);
      expect(await Promise.all([textForNewcomer(), textForNewcomer()])).toEqual([text, text]);
    }
  });
});

describe('awareness under load', () => {
  it('[SY8] a burst of presence changes is merged into few frames, and the last state of everyone arrives', async () => {
    const server = await startServer();
    const docId = await createDoc(server);
    const senders = [0, 1, 2, 3, 4].map(() => connectProvider(server.syncUrl, docId));
    await Promise.all(senders.map((c) => whenSynced(c)));
    const watcher = connectProvider(server.syncUrl, docId);
    await whenSynced(watcher);
    const framesBefore = watcher.received.filter((type) => type === MessageType.awareness).length;

    const moves = 40;
    for (let move = 1; move <= moves; move++) {
      for (const sender of senders)
        sender.provider.awareness.setLocalStateField('cursor', { move });
    }
    const lastMoves = () =>
      senders.map(
        (s) =>
          (
            watcher.provider.awareness.getStates().get(s.doc.clientID) as {
              cursor?: { move: number };
            }
          )?.cursor?.move,
      );
    await until(
      () => lastMoves().every((move) => move === moves),
      onTick(10),
      5000,
      'every final cursor to arrive',
    );
    const frames =
      watcher.received.filter((type) => type === MessageType.awareness).length - framesBefore;
    // 200 changes went in; a handful of 20 ms windows came out (typically under 10). Unbatched
    // it would be 200; the bound leaves seconds of slack for a stalled, busy CI core.
    expect(frames).toBeLessThan(100);
    expect(frames).toBeGreaterThan(0);
  });
});

describe('cold documents', () => {
  it('[SY9] right after a restart a newcomer gets the whole history, and edits sent in the same breath are kept', async () => {
    const first = await startServer();
    const docId = await createDoc(first);
    const writer = connectProvider(first.syncUrl, docId);
    await whenSynced(writer);
    const history = writer.doc.getText('notes');
    for (let i = 0; i < 200; i++) history.insert(Math.floor(history.length / 2), `${i % 10}`);
    const expected = history.toString();
    await untilServerNotes(first, docId, (notes) => notes === expected, 'the history to apply');
    writer.provider.destroy();
    await first.close();

    const second = await startServer({}, { dataDir: first.dataDir });
    // A raw client asks for everything and edits in the same breath, before the room settles.
    const raw = await openRaw(`${second.syncUrl}/${docId}`);
    raw.send(new Uint8Array([MessageType.sync, 0, 1, 0]));
    const extra = new Y.Doc();
    extra.getText('extra').insert(0, 'typed at once');
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(extra)));
    const step2 = await raw.nextFrame((f) => f[0] === MessageType.sync && f[1] === 1);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, step2Update(step2));
    expect(replica.getText('notes').toString()).toBe(expected);
    // The server's own step 1 comes too.
    await raw.nextFrame((f) => f[0] === MessageType.sync && f[1] === 0);

    const reader = connectProvider(second.syncUrl, docId);
    await whenSynced(reader);
    await until(
      () => reader.doc.getText('extra').toString() === 'typed at once',
      onDocUpdates(reader.doc),
      5000,
      'the early edit to reach a newcomer',
    );
    expect(reader.doc.getText('notes').toString()).toBe(expected);
    raw.ws.terminate();
    reader.provider.destroy();
    await second.close();

    const third = await startServer({}, { dataDir: first.dataDir });
    const later = connectProvider(third.syncUrl, docId);
    await whenSynced(later);
    expect(later.doc.getText('notes').toString()).toBe(expected);
    expect(later.doc.getText('extra').toString()).toBe('typed at once');
  });
});
