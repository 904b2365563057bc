import { MessageType, yDocToJSON } from '@ratify/schema';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSyncStep1, encodeUpdate } from '../src/sync/protocol.js';
import {
  connectProvider,
  createDoc,
  onDocUpdates,
  openRaw,
  ownerFetch,
  seededRandom,
  startServer,
  until,
  whenSynced,
  within,
} from './helpers.js';

/** mulberry32: small, seedable, good enough to drive a fuzzer reproducibly. */
function rng(seed: number) {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)] as T };
}

type Rng = ReturnType<typeof rng>;

/** Valid frames a client could send: edits from a private doc, awareness, queries. */
function validFrames(r: Rng): Uint8Array[] {
  const local = new Y.Doc();
  const frames: Uint8Array[] = [encodeSyncStep1(local)];
  for (let i = 0; i < 40; i++) {
    const sv = Y.encodeStateVector(local);
    const text = local.getText('notes');
    if (text.length > 3 && r.next() < 0.3) text.delete(r.int(text.length - 1), 1);
    else text.insert(r.int(text.length + 1), `w${i}`);
    if (r.next() < 0.2) local.getMap('fuzz').set(`k${r.int(5)}`, r.int(1000));
    frames.push(encodeUpdate(Y.encodeStateAsUpdate(local, sv)));
  }
  const aw = encoding.createEncoder();
  encoding.writeVarUint(aw, MessageType.awareness);
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, 31337);
  encoding.writeVarUint(inner, 1);
  encoding.writeVarString(inner, '{"user":{"name":"fuzz"}}');
  encoding.writeVarUint8Array(aw, encoding.toUint8Array(inner));
  frames.push(encoding.toUint8Array(aw), new Uint8Array([MessageType.queryAwareness]));
  return frames;
}

function randomBytes(r: Rng, max: number): Uint8Array {
  const out = new Uint8Array(r.int(max + 1));
  for (let i = 0; i < out.length; i++) out[i] = r.int(256);
  return out;
}

/** One hostile frame: random bytes, or a valid frame flipped, cut, grown, spliced or re-typed. */
function mutate(r: Rng, base: readonly Uint8Array[]): Uint8Array {
  const src = r.pick(base);
  switch (r.int(8)) {
    case 0:
      return randomBytes(r, 64);
    case 1: {
      const out = src.slice();
      for (let n = 1 + r.int(3); n > 0 && out.length > 0; n--) out[r.int(out.length)] = r.int(256);
      return out;
    }
    case 2:
      return src.slice(0, r.int(src.length));
    case 3: {
      const extra = randomBytes(r, 16);
      const out = new Uint8Array(src.length + extra.length);
      out.set(src);
      out.set(extra, src.length);
      return out;
    }
    case 4: {
      // A huge or multi-byte length varint in place of the real one.
      const out = src.slice();
      if (out.length > 2) out[2] = 0x80 | r.int(128);
      return out;
    }
    case 5: {
      const other = r.pick(base);
      const cut = r.int(src.length);
      const out = new Uint8Array(cut + other.length);
      out.set(src.subarray(0, cut));
      out.set(other, cut);
      return out;
    }
    case 6: {
      const out = src.slice();
      if (out.length > 0) out[0] = r.pick([0, 1, 2, 3, 4, 99, 100, 127, 128, 255]);
      if (out.length > 1 && r.next() < 0.5) out[1] = r.int(256);
      return out;
    }
    default:
      return src;
  }
}

const SEED = Number(process.env.RATIFY_FUZZ_SEED ?? 20_261_125);
const FRAMES = 3000;

describe('fuzz', () => {
  it(`[FZ1] ${FRAMES} random and mutated frames never break the server (seed ${SEED})`, async () => {
    const server = await startServer();
    const docId = await createDoc(server, { template: 'technical-architecture-framework' });
    const reference = connectProvider(server.syncUrl, docId);
    await whenSynced(reference);
    reference.doc.getText('notes').insert(0, 'reference ');
    const r = rng(SEED);
    const base = validFrames(r);
    let sent = 0;
    let closedByServer = 0;
    while (sent < FRAMES) {
      const client = await openRaw(`${server.syncUrl}/${docId}`);
      const batch = 1 + r.int(12);
      for (let i = 0; i < batch && sent < FRAMES; i++, sent++) client.send(mutate(r, base));
      // A sync step 1 probe: its reply means every frame before it was handled.
      client.send(encodeSyncStep1(new Y.Doc()));
      const outcome = await within(
        Promise.race([
          client.closed.then(() => 'closed' as const),
          client.nextFrame((f) => f[0] === 0 && f[1] === 1, 10_000).then(() => 'replied' as const),
        ]),
        10_000,
        `the server to answer or close (seed ${SEED}, frame ${sent})`,
      );
      if (outcome === 'closed') closedByServer++;
      else client.ws.close();
      if (sent % 500 < batch) reference.doc.getText('notes').insert(0, `${sent} `);
    }
    // Most hostile frames are caught; some mutations are still valid Yjs and are accepted.
    expect(closedByServer).toBeGreaterThan(50);

    // The server still serves one consistent document: live, to a newcomer, and from storage.
    const newcomer = connectProvider(server.syncUrl, docId);
    await whenSynced(newcomer);
    reference.doc.getText('notes').insert(0, 'after-fuzz ');
    await until(
      () => newcomer.doc.getText('notes').toString().startsWith('after-fuzz '),
      onDocUpdates(newcomer.doc),
      5000,
      'an edit after the fuzzing to reach the newcomer',
    );
    const room = server.hub.liveRoom(docId);
    if (room === null) throw new Error('room not loaded');
    const liveText = room.doc.getText('notes').toString();
    expect(reference.doc.getText('notes').toString()).toBe(liveText);
    expect(newcomer.doc.getText('notes').toString()).toBe(liveText);
    expect(liveText).toContain('reference ');
    expect(Y.encodeStateVector(newcomer.doc)).toEqual(Y.encodeStateVector(room.doc));

    const stored = await server.storage.load(docId);
    const cold = new Y.Doc();
    for (const u of [stored?.snapshot, ...(stored?.updates ?? [])]) if (u) Y.applyUpdate(cold, u);
    expect(cold.getText('notes').toString()).toBe(liveText);
    expect(Y.encodeStateVector(cold)).toEqual(Y.encodeStateVector(room.doc));

    const res = await ownerFetch(server, `${server.url}/api/docs/${docId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { content: unknown };
    expect(body.content).toEqual(yDocToJSON(reference.doc));
    expect(JSON.stringify(body.content)).toContain('heading');
  });
});
