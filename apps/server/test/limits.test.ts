import { request } from 'node:http';
import type { Socket } from 'node:net';
import { CloseCode, MessageType } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdate } from '../src/sync/protocol.js';
import {
  connectProvider,
  createDoc,
  onCleanup,
  onDocUpdates,
  openRaw,
  startServer,
  until,
  untilMetric,
  whenSynced,
  withDocToken,
  within,
} from './helpers.js';

const KiB = 1024;

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  const sv = Y.encodeStateVector(doc);
  doc.getText('notes').insert(doc.getText('notes').length, text);
  return encodeUpdate(Y.encodeStateAsUpdate(doc, sv));
}

/** A WebSocket handshake whose socket is then never read: the slowest consumer there is. */
function openStalledSocket(url: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = request(withDocToken(url).replace('ws://', 'http://'), {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('stalled-consumer').toString('base64'),
      },
    });
    req.on('upgrade', (_res, socket) => {
      socket.pause();
      socket.on('error', () => {});
      onCleanup(() => {
        socket.destroy();
      });
      resolve(socket);
    });
    req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
}

describe('limits', () => {
  it('[LM1] a frame over MAX_MESSAGE_BYTES closes that socket with 1009; others keep working', async () => {
    const server = await startServer({ maxMessageBytes: 64 * KiB });
    const docId = await createDoc(server);
    const bystander = connectProvider(server.syncUrl, docId);
    await whenSynced(bystander);
    const big = await openRaw(`${server.syncUrl}/${docId}`);
    big.send(textUpdate(new Y.Doc(), 'x'.repeat(80 * KiB)));
    expect((await big.waitClosed()).code).toBe(1009);
    await untilMetric(server, 'ratify_rejected_messages_total{reason="too_large"}', 1);
    // Just under the limit is fine.
    const ok = await openRaw(`${server.syncUrl}/${docId}`);
    ok.send(textUpdate(new Y.Doc(), 'y'.repeat(60 * KiB)));
    await until(
      () => bystander.doc.getText('notes').length === 60 * KiB,
      onDocUpdates(bystander.doc),
      5000,
      'the large-but-allowed edit',
    );
    expect(bystander.provider.wsconnected).toBe(true);
  });

  it('[LM2] a connection over its rate limit is closed with 4529 (transient)', async () => {
    const server = await startServer({ rateLimitPerSec: 5, rateLimitBurst: 10 });
    const docId = await createDoc(server);
    const calm = await openRaw(`${server.syncUrl}/${docId}`);
    const flood = await openRaw(`${server.syncUrl}/${docId}`);
    for (let i = 0; i < 40; i++) flood.send(new Uint8Array([MessageType.queryAwareness]));
    expect(await flood.waitClosed()).toEqual({
      code: CloseCode.rateLimited,
      reason: 'rate limit exceeded',
    });
    await untilMetric(server, 'ratify_rejected_messages_total{reason="rate_limited"}', 1);
    calm.send(new Uint8Array([MessageType.queryAwareness]));
    await calm.nextFrame((f) => f[0] === MessageType.awareness, 5000, 'a reply to the calm client');
  });

  it('[LM3] a client that stops reading is disconnected as a slow consumer', async () => {
    const server = await startServer({ maxBufferedBytes: 256 * KiB });
    const docId = await createDoc(server);
    const reader = connectProvider(server.syncUrl, docId);
    await whenSynced(reader);
    const stalled = await openStalledSocket(`${server.syncUrl}/${docId}`);
    const stalledClosed = new Promise<void>((resolve) => stalled.once('close', () => resolve()));
    const writer = await openRaw(`${server.syncUrl}/${docId}`);
    const local = new Y.Doc();
    // 24 MiB: far more than the loopback socket buffers can absorb.
    const chunk = 'z'.repeat(1024 * KiB);
    let readerDisconnects = 0;
    reader.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'disconnected') readerDisconnects++;
    });
    // Paced by the reading client, so only the stalled socket falls behind.
    for (let i = 1; i <= 24; i++) {
      writer.send(textUpdate(local, chunk));
      await until(
        () => reader.doc.getText('notes').length === i * chunk.length,
        onDocUpdates(reader.doc),
        10_000,
        `the reading client to receive update ${i}`,
      );
    }
    expect(readerDisconnects).toBe(0);
    await untilMetric(server, 'ratify_rejected_messages_total{reason="slow_consumer"}', 1);
    // The server closed the stalled socket (close frame, then destroyed after a grace period);
    // the client notices once it reads what was already in the kernel buffers.
    stalled.resume();
    await within(stalledClosed, 10_000, 'the stalled socket to be closed');
    // The socket's own close fires when it reads the server's close frame; the server counts the
    // connection gone only once the TCP connection is (after the handshake or the grace period).
    await untilMetric(
      server,
      'ratify_connections',
      2,
      'the server to count the stalled socket gone',
      10_000,
    );
    expect(reader.provider.wsconnected).toBe(true);
  }, 30_000);

  it('[LM4] a connection that stops answering pings is dropped', async () => {
    const server = await startServer({ pingIntervalMs: 100 });
    const docId = await createDoc(server);
    const healthy = await openRaw(`${server.syncUrl}/${docId}`);
    const dead = await openRaw(`${server.syncUrl}/${docId}`, { autoPong: false });
    const closed = await dead.waitClosed(5000);
    expect(closed.code).toBe(1006);
    await untilMetric(
      server,
      'ratify_connections',
      1,
      'the server to count the dropped connection',
    );
    await untilMetric(server, 'ratify_rejected_messages_total{reason="timeout"}', 1);
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
  });
});
