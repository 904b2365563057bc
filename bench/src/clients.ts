import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { ServerHandle } from './servers/index.js';
import { StreamClient } from './stream-client.js';
import {
  AWARENESS,
  awarenessMessage,
  SYNC,
  type SyncOptions,
  syncMessage,
  syncStep1,
  UPDATE,
} from './wire.js';

const MARKER_START = Buffer.from('~#');
const HASH = '#'.charCodeAt(0);

/** Text a writer inserts so receivers can spot an edit in raw frames: `~#42#`. */
export function marker(seq: number): string {
  return `~#${seq}#`;
}

/** Every marker sequence number in a frame. */
export function markersIn(frame: Buffer): number[] {
  const found: number[] = [];
  let at = frame.indexOf(MARKER_START);
  while (at >= 0) {
    let seq = 0;
    let i = at + 2;
    let digits = 0;
    while (i < frame.length && frame[i] !== HASH && digits < 10) {
      const digit = (frame[i] as number) - 48;
      if (digit < 0 || digit > 9) break;
      seq = seq * 10 + digit;
      i++;
      digits++;
    }
    if (digits > 0 && frame[i] === HASH) found.push(seq);
    at = frame.indexOf(MARKER_START, i);
  }
  return found;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.binaryType = 'nodebuffer';
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Longest marker text kept from the end of one read for the next (`~#` + 10 digits + `#`). */
const MARKER_CARRY_BYTES = 13;

/**
 * A receiver that only scans payload bytes for markers, on a lean StreamClient: cheap enough to
 * run 1,500 of in one load-generator process. A marker split across two reads is found through
 * the few bytes carried over from the previous slice of the same frame.
 */
export class LightClient {
  private constructor(
    private readonly client: StreamClient,
    readonly received: Map<number, number>,
  ) {}

  static async connect(
    server: ServerHandle,
    doc: string,
    options?: SyncOptions,
  ): Promise<LightClient> {
    const received = new Map<number, number>();
    let carry: Buffer | null = null;
    const client = await StreamClient.connect(
      server,
      doc,
      {
        onData: (slice, frameEnds) => {
          const now = performance.now();
          const bytes = carry === null ? slice : Buffer.concat([carry, slice]);
          for (const seq of markersIn(bytes)) if (!received.has(seq)) received.set(seq, now);
          carry = frameEnds ? null : Buffer.from(bytes.subarray(-MARKER_CARRY_BYTES));
        },
      },
      options,
    );
    return new LightClient(client, received);
  }

  close(): void {
    this.client.close();
  }
}

/** A Y.Doc kept in sync over one socket, as an editor would be. */
export class FullClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly synced: Promise<void>;
  private markSynced: () => void = () => {};
  private constructor(
    private readonly server: ServerHandle,
    private readonly name: string,
    readonly socket: WebSocket,
  ) {
    this.synced = new Promise((resolve) => {
      this.markSynced = resolve;
    });
  }

  static async connect(
    server: ServerHandle,
    doc: string,
    options?: SyncOptions,
  ): Promise<FullClient> {
    await server.authorize(doc, options);
    const socket = await open(server.wire.url(server.base, doc, options));
    const client = new FullClient(server, doc, socket);
    socket.on('message', (data: Buffer) => client.receive(data));
    client.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== client && socket.readyState === WebSocket.OPEN) {
        socket.send(server.wire.wrap(doc, syncMessage(UPDATE, update)));
      }
    });
    client.awareness.on(
      'update',
      ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
        if (origin === client || socket.readyState !== WebSocket.OPEN) return;
        const changed = [...(added ?? []), ...(updated ?? []), ...(removed ?? [])];
        const update = awarenessProtocol.encodeAwarenessUpdate(client.awareness, changed);
        socket.send(server.wire.wrap(doc, awarenessMessage(update)));
      },
    );
    for (const frame of server.wire.opening(doc)) socket.send(frame);
    socket.send(server.wire.wrap(doc, syncStep1(Y.encodeStateVector(client.doc))));
    return client;
  }

  private receive(frame: Buffer): void {
    const message = this.server.wire.unwrap(frame);
    if (!message) return;
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === SYNC) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, SYNC);
      const kind = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (kind === syncProtocol.messageYjsSyncStep2) this.markSynced();
      if (encoding.length(reply) > 1) {
        this.socket.send(this.server.wire.wrapReply(this.name, encoding.toUint8Array(reply)));
      }
    } else if (type === AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(
        this.awareness,
        decoding.readVarUint8Array(decoder),
        this,
      );
    }
  }

  close(): void {
    this.awareness.destroy();
    this.socket.terminate();
  }
}
