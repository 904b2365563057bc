import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { shareFrame, writeSharedFrame } from './shared-frame.js';

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function pair(): Promise<{ server: WebSocket; client: WebSocket }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  servers.push(wss);
  await once(wss, 'listening');
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  client.binaryType = 'nodebuffer';
  const [server] = (await once(wss, 'connection')) as [WebSocket];
  await once(client, 'open');
  return { server, client };
}

describe('shared frames', () => {
  it('[BF1] header lengths follow RFC 6455 at the 7-bit, 16-bit and 64-bit boundaries', () => {
    const header = (length: number) => [
      ...shareFrame(new Uint8Array(length)).framed.subarray(0, 4),
    ];
    expect(header(0).slice(0, 2)).toEqual([0x82, 0]);
    expect(header(125).slice(0, 2)).toEqual([0x82, 125]);
    expect(header(126)).toEqual([0x82, 126, 0, 126]);
    expect(header(65_535)).toEqual([0x82, 126, 0xff, 0xff]);
    const big = shareFrame(new Uint8Array(65_536)).framed;
    expect(big[1]).toBe(127);
    expect(big.readBigUInt64BE(2)).toBe(65_536n);
    expect(big.length).toBe(65_536 + 10);
  });

  it('[BF2] a real ws client receives exactly the payload, for every size class, in order', async () => {
    const { server, client } = await pair();
    const payloads = [0, 1, 125, 126, 65_535, 65_536, 1_000_000].map((length) =>
      Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff),
    );
    const received: Buffer[] = [];
    const all = new Promise<void>((resolve) => {
      client.on('message', (data: Buffer) => {
        received.push(data);
        if (received.length === payloads.length) resolve();
      });
    });
    // Interleave with ws's own sends: the stream must stay well-formed.
    for (const [i, payload] of payloads.entries()) {
      if (i % 2 === 0) writeSharedFrame(server, shareFrame(payload));
      else server.send(payload);
    }
    await all;
    expect(received.map((b) => b.length)).toEqual(payloads.map((p) => p.length));
    for (const [i, bytes] of received.entries()) {
      expect(Buffer.compare(bytes, Buffer.from(payloads[i] as Uint8Array))).toBe(0);
    }
  });

  it('[BF3] one shared frame can go to many sockets', async () => {
    const pairs = await Promise.all([pair(), pair(), pair()]);
    const frame = shareFrame(Uint8Array.from([0, 2, 3, 1, 2, 3]));
    const got = Promise.all(pairs.map(({ client }) => once(client, 'message')));
    for (const { server } of pairs) writeSharedFrame(server, frame);
    for (const [data] of await got) expect([...(data as Buffer)]).toEqual([0, 2, 3, 1, 2, 3]);
  });
});
