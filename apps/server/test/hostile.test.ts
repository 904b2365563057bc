import { request } from 'node:http';
import { CloseCode, MessageType } from '@ratify/schema';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeSyncStep1, encodeUpdate } from '../src/sync/protocol.js';
import {
  connectProvider,
  createDoc,
  docOwner,
  onCleanup,
  onDocUpdates,
  openRaw,
  RawClient,
  serverNotes,
  signUp,
  startServer,
  type TestServer,
  until,
  untilMetric,
  upgradeStatus,
  whenSynced,
  within,
} from './helpers.js';

const bytes = (...b: number[]) => new Uint8Array(b);

function awarenessFrame(json: string): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, 4242);
  encoding.writeVarUint(inner, 1);
  encoding.writeVarString(inner, json);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

const hostileFrames: Array<[string, Uint8Array | string, string, string]> = [
  ['a truncated varint', bytes(0xff, 0xff), 'truncated', 'truncated message type'],
  [
    'an unknown message type',
    bytes(77, 1, 2, 3),
    'unknown_message_type',
    'unknown message type 77',
  ],
  [
    'a garbage update',
    bytes(0, 2, 5, 1, 9, 200, 3, 7),
    'bad_update',
    'update is not a valid Yjs update',
  ],
  [
    'a sync step 2 with garbage',
    bytes(0, 1, 4, 3, 250, 250, 1),
    'bad_update',
    'sync step 2 is not a valid Yjs update',
  ],
  [
    'an update whose length runs past the frame',
    bytes(0, 2, 100, 1, 2, 3),
    'truncated',
    'truncated update',
  ],
  ['an empty frame', bytes(), 'empty_frame', 'empty frame'],
  ['a text frame', 'hello', 'text_frame', 'text frames are not supported'],
  [
    'awareness with broken JSON',
    awarenessFrame('{"a":'),
    'bad_awareness',
    'awareness update does not decode',
  ],
  [
    'a saved ack sent by a client',
    bytes(MessageType.savedAck, 1),
    'server_only_message',
    'message type 100 is sent by the server only',
  ],
];

/** Log length plus snapshot presence: what a rejected frame must not change. */
async function storedShape(server: TestServer, docId: string): Promise<string> {
  const stored = await server.storage.load(docId);
  return JSON.stringify({ snapshot: stored?.snapshot !== null, updates: stored?.updates.length });
}

describe('hostile clients', () => {
  it.each(hostileFrames)(
    '%s closes only that socket with 4400, and is neither stored nor broadcast',
    async (_name, frame, reason, message) => {
      const server = await startServer();
      const docId = await createDoc(server);
      const alice = connectProvider(server.syncUrl, docId);
      const bob = connectProvider(server.syncUrl, docId);
      await Promise.all([whenSynced(alice), whenSynced(bob)]);
      alice.doc.getText('notes').insert(0, 'before ');
      await until(
        () => bob.doc.getText('notes').toString() === 'before ',
        onDocUpdates(bob.doc),
        5000,
        'bob to see alice',
      );
      const shapeBefore = await storedShape(server, docId);
      const bobFramesBefore = bob.received.length;

      const evil = await openRaw(`${server.syncUrl}/${docId}`);
      evil.send(frame);
      const closed = await evil.waitClosed();
      expect(closed).toEqual({ code: CloseCode.malformedMessage, reason: message });
      await untilMetric(server, `ratify_rejected_messages_total{reason="${reason}"}`, 1);
      expect(await storedShape(server, docId)).toBe(shapeBefore);
      // Bob received nothing because of it: only the evil socket's join, if anything, reached him.
      expect(bob.received.slice(bobFramesBefore).filter((t) => t === MessageType.sync)).toEqual([]);

      // Everyone else keeps working, through the same room.
      expect(alice.provider.wsconnected && bob.provider.wsconnected).toBe(true);
      bob.doc.getText('notes').insert(7, 'after');
      await until(
        () => alice.doc.getText('notes').toString() === 'before after',
        onDocUpdates(alice.doc),
        5000,
        'alice to see bob after the attack',
      );
      expect(serverNotes(server, docId)).toBe('before after');
    },
  );

  it('a bad frame after good ones keeps the good ones (they were durable) and drops the rest', async () => {
    const server = await startServer();
    const docId = await createDoc(server);
    const watcher = connectProvider(server.syncUrl, docId);
    await whenSynced(watcher);
    const evil = await openRaw(`${server.syncUrl}/${docId}`);
    const local = new Y.Doc();
    const edit = (text: string) => {
      const sv = Y.encodeStateVector(local);
      local.getText('notes').insert(local.getText('notes').length, text);
      return encodeUpdate(Y.encodeStateAsUpdate(local, sv));
    };
    evil.send(edit('good1 '));
    evil.send(edit('good2 '));
    evil.send(bytes(0, 2, 3, 9, 9, 9));
    evil.send(edit('never'));
    expect((await evil.waitClosed()).code).toBe(CloseCode.malformedMessage);
    await until(
      () => watcher.doc.getText('notes').toString() === 'good1 good2 ',
      onDocUpdates(watcher.doc),
      5000,
      'the good edits to arrive',
    );
    const stored = await server.storage.load(docId);
    const d = new Y.Doc();
    for (const u of stored?.updates ?? []) Y.applyUpdate(d, u);
    expect(d.getText('notes').toString()).toBe('good1 good2 ');
  });

  it('rejects unknown and invalid document ids with clear close codes', async () => {
    const server = await startServer();
    // The administrator may open any document, so for them the id is looked up: 4404.
    const admin = await docOwner(server);
    const asAdmin = { headers: { authorization: `Bearer ${admin.token}` } };
    const unknown = new RawClient(`${server.syncUrl}/no-such-doc`, asAdmin);
    expect(await unknown.waitClosed()).toEqual({
      code: CloseCode.documentNotFound,
      reason: 'document not found',
    });
    // Anyone else learns nothing about the id: refused at the upgrade like any document they
    // cannot open.
    const stranger = await signUp(server, 'Stranger');
    expect(
      await upgradeStatus(`${server.syncUrl}/no-such-doc`, {
        authorization: `Bearer ${stranger.token}`,
      }),
    ).toEqual({ status: 404, body: 'document not found' });
    for (const bad of [
      '..%2F..%2Fetc%2Fpasswd',
      'a'.repeat(65),
      'has%20space',
      'dot.dot',
      '%E0%A4%A',
      'a%2Fb',
    ]) {
      const client = new RawClient(`${server.syncUrl}/${bad}`);
      expect(await client.waitClosed(), bad).toEqual({
        code: CloseCode.malformedMessage,
        reason: 'invalid document id',
      });
    }
    await untilMetric(server, 'ratify_rejected_messages_total{reason="invalid_doc_id"}', 6);
    // A provider pointed at an unknown document stops instead of retrying (4404 is permanent).
    class AdminWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, asAdmin);
      }
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(server.syncUrl, 'missing-doc', doc, {
      WebSocketPolyfill: AdminWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    onCleanup(() => {
      provider.destroy();
      doc.destroy();
    });
    const closed = await within(
      new Promise<{ code: number }>((resolve) => provider.once('closed', resolve)),
      5000,
      'the provider to be closed',
    );
    expect(closed.code).toBe(CloseCode.documentNotFound);
    expect(provider.shouldConnect).toBe(false);
  });

  it('refuses WebSocket upgrades outside /sync/ with HTTP 404', async () => {
    const server = await startServer();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/elsewhere`, {
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
        },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('upgrade', () => reject(new Error('upgraded')));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
  });

  it('a frame sent before the document finished loading is still processed in order', async () => {
    const server = await startServer();
    const docId = await createDoc(server);
    const client = new RawClient(`${server.syncUrl}/${docId}`);
    await client.opened;
    // Sent immediately on open: the room may still be loading.
    const local = new Y.Doc();
    local.getText('notes').insert(0, 'early');
    client.send(encodeUpdate(Y.encodeStateAsUpdate(local)));
    client.send(encodeSyncStep1(new Y.Doc()));
    const reply = await client.nextFrame(
      (f) => f[0] === MessageType.sync && f[1] === 1,
      5000,
      'sync step 2',
    );
    const d = new Y.Doc();
    Y.applyUpdate(d, reply.subarray(3));
    expect(d.getText('notes').toString()).toBe('early');
  });
});
