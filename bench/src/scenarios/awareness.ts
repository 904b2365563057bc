import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import type { ServerHandle } from '../servers/index.js';
import { inBatches, quantile, sleep } from '../stats.js';
import { AWARENESS, awarenessMessage, syncStep1 } from '../wire.js';

export interface AwarenessResult {
  clients: number;
  sent: number;
  p50Ms: number;
  p95Ms: number;
  droppedPct: number;
  serverCpuSeconds: number;
}

/** An awareness update for one client, as y-protocols encodes it, carrying its send time. */
function awarenessUpdate(clientId: number, clock: number, sentAt: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(
    encoder,
    JSON.stringify({ cursor: { anchor: clock, head: clock }, sentAt }),
  );
  return encoding.toUint8Array(encoder);
}

/** Every client moves its cursor at `hz` for `seconds`; how fast and how completely do the others see it? */
export async function awarenessStorm(
  server: ServerHandle,
  clients: number,
  hz: number,
  seconds: number,
): Promise<AwarenessResult> {
  const doc = await server.createDoc('awareness');
  const latencies: number[] = [];
  let delivered = 0;
  const onFrame = (frame: Buffer) => {
    const now = performance.now();
    const message = server.wire.unwrap(frame);
    if (!message || message[0] !== AWARENESS) return;
    const decoder = decoding.createDecoder(
      decoding.readVarUint8Array(decoding.createDecoder(message.subarray(1))),
    );
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      const state = JSON.parse(decoding.readVarString(decoder)) as { sentAt?: number } | null;
      if (state?.sentAt !== undefined) {
        latencies.push(now - state.sentAt);
        delivered++;
      }
    }
  };
  const sockets = await inBatches(clients, 50, async () => {
    await server.authorize(doc);
    const socket = new WebSocket(server.wire.url(server.base, doc), { perMessageDeflate: false });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.on('message', onFrame);
    for (const frame of server.wire.opening(doc)) socket.send(frame);
    socket.send(server.wire.wrap(doc, syncStep1(new Uint8Array([0]))));
    return socket;
  });
  await sleep(500);
  latencies.length = 0;
  delivered = 0;

  const before = server.stats();
  const ticks = Math.round(seconds * hz);
  const started = performance.now();
  let sent = 0;
  for (let tick = 0; tick < ticks; tick++) {
    // Spread each tick's updates over the interval, as independent users would.
    for (let i = 0; i < clients; i++) {
      const due = started + (tick + i / clients) * (1000 / hz);
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const update = awarenessUpdate(1_000_000 + i, tick + 1, performance.now());
      sockets[i]?.send(server.wire.wrap(doc, awarenessMessage(update)));
      sent++;
    }
  }
  await sleep(2_000);
  const after = server.stats();
  for (const socket of sockets) socket.terminate();
  const expected = sent * (clients - 1);
  return {
    clients,
    sent,
    p50Ms: quantile(latencies, 0.5),
    p95Ms: quantile(latencies, 0.95),
    droppedPct: expected > 0 ? (100 * Math.max(0, expected - delivered)) / expected : 0,
    serverCpuSeconds: after.cpuSeconds - before.cpuSeconds,
  };
}
