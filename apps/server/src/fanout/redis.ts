import { randomUUID } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import type { FanOut, FanOutHandler, FanOutMessage } from './fanout.js';
import type { RedisLink } from './redis-link.js';

const KINDS = [undefined, 'awareness', 'review'] as const;

/**
 * A message on a document's channel: kind (0 document update, 1 awareness, 2 review change),
 * origin instance, sequence number (0: none), payload.
 */
export function encodeFanOut(message: Omit<FanOutMessage, 'docId'>): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, KINDS.indexOf(message.kind));
  encoding.writeVarString(e, message.origin);
  encoding.writeVarUint(e, message.seq ?? 0);
  encoding.writeVarUint8Array(e, message.update);
  return encoding.toUint8Array(e);
}

export function decodeFanOut(docId: string, bytes: Uint8Array): FanOutMessage {
  const d = decoding.createDecoder(bytes);
  const kindIndex = decoding.readVarUint(d);
  if (kindIndex >= KINDS.length) throw new Error(`unknown fan-out message kind ${kindIndex}`);
  const kind = KINDS[kindIndex];
  const origin = decoding.readVarString(d);
  const seq = decoding.readVarUint(d);
  const update = decoding.readVarUint8Array(d);
  return {
    docId,
    origin,
    update,
    ...(seq > 0 ? { seq } : {}),
    ...(kind !== undefined ? { kind } : {}),
  };
}

/**
 * Fan-out between instances over Redis pub/sub (through the instance's RedisLink): one channel
 * per loaded document. Every update is committed before it is published, and an instance that
 * missed messages (Redis was down, or restarted empty) is told to resync and reads them from
 * storage by their sequence numbers.
 */
export class RedisFanOut implements FanOut {
  readonly instanceId = randomUUID();

  constructor(
    private readonly link: RedisLink,
    private readonly log: Logger,
  ) {}

  async subscribe(
    docId: string,
    handler: FanOutHandler,
    resync?: () => void,
  ): Promise<() => Promise<void>> {
    return this.link.subscribe(
      `doc:${docId}`,
      (bytes) => {
        let message: FanOutMessage;
        try {
          message = decodeFanOut(docId, bytes);
        } catch (error) {
          this.log.warn({ docId, err: error }, 'malformed fan-out message');
          return;
        }
        if (message.origin !== this.instanceId) handler(message);
      },
      resync,
    );
  }

  async publish(docId: string, update: Uint8Array, seq?: number): Promise<void> {
    const bytes = encodeFanOut({
      origin: this.instanceId,
      update,
      ...(seq !== undefined ? { seq } : {}),
    });
    await this.link.publish(`doc:${docId}`, bytes);
  }

  async publishAwareness(docId: string, update: Uint8Array): Promise<void> {
    await this.link.publish(
      `doc:${docId}`,
      encodeFanOut({ origin: this.instanceId, update, kind: 'awareness' }),
    );
  }

  async publishReview(docId: string, event: Uint8Array): Promise<void> {
    await this.link.publish(
      `doc:${docId}`,
      encodeFanOut({ origin: this.instanceId, update: event, kind: 'review' }),
    );
  }

  /** The link is closed by its owner (the server), after everything using it. */
  async close(): Promise<void> {}
}
