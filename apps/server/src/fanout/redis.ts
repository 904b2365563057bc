import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import type { FanOut, FanOutHandler, FanOutMessage } from './fanout.js';

/** How long a document's load waits for Redis to confirm a subscription (it may be down). */
const SUBSCRIBE_WAIT_MS = 1_000;

interface Subscriber {
  handler: FanOutHandler;
  resync: (() => void) | undefined;
}

/** A message on a document's channel: origin instance, sequence number (0: none), update. */
export function encodeFanOut(message: Omit<FanOutMessage, 'docId'>): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, message.origin);
  encoding.writeVarUint(e, message.seq ?? 0);
  encoding.writeVarUint8Array(e, message.update);
  return encoding.toUint8Array(e);
}

export function decodeFanOut(docId: string, bytes: Uint8Array): FanOutMessage {
  const d = decoding.createDecoder(bytes);
  const origin = decoding.readVarString(d);
  const seq = decoding.readVarUint(d);
  const update = decoding.readVarUint8Array(d);
  return { docId, origin, update, ...(seq > 0 ? { seq } : {}) };
}

/**
 * Fan-out between instances over Redis pub/sub: one channel per loaded document. Redis only
 * carries messages, never the only copy of anything: every update is committed before it is
 * published, and an instance that missed messages (Redis was down, or restarted and flushed)
 * is told to resync and reads them from storage by their sequence numbers. While Redis is down,
 * publishing fails at once (nothing queues up) and every instance keeps serving its own clients.
 */
export class RedisFanOut implements FanOut {
  readonly instanceId = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly channels = new Map<string, Set<Subscriber>>();
  private lostConnection = false;
  private closed = false;

  constructor(
    url: string,
    private readonly options: { prefix?: string; log: Logger },
  ) {
    // Publishing fails at once while Redis is down (the update is committed; the others read it
    // from storage). Subscribing waits for Redis however long it takes, and is renewed on every
    // reconnect.
    this.pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.sub = new Redis(url, { autoResubscribe: true, maxRetriesPerRequest: null });
    for (const client of [this.pub, this.sub]) {
      client.on('error', (error: Error) =>
        options.log.warn({ err: error.message }, 'redis connection error'),
      );
    }
    this.sub.on('close', () => {
      if (!this.closed) this.lostConnection = true;
    });
    this.sub.on('ready', () => {
      if (!this.lostConnection) return;
      this.lostConnection = false;
      options.log.info('redis is back: documents read what they missed');
      for (const subscribers of this.channels.values()) {
        for (const { resync } of subscribers) resync?.();
      }
    });
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const docId = this.docIdOf(channel.toString());
      const subscribers = docId === null ? undefined : this.channels.get(docId);
      if (docId === null || subscribers === undefined) return;
      let decoded: FanOutMessage;
      try {
        decoded = decodeFanOut(docId, new Uint8Array(message));
      } catch (error) {
        options.log.warn({ docId, err: error }, 'malformed fan-out message');
        return;
      }
      if (decoded.origin === this.instanceId) return;
      for (const { handler } of subscribers) handler(decoded);
    });
  }

  private channelOf(docId: string): string {
    return `${this.options.prefix ?? 'ratify'}:doc:${docId}`;
  }

  private docIdOf(channel: string): string | null {
    const prefix = `${this.options.prefix ?? 'ratify'}:doc:`;
    return channel.startsWith(prefix) ? channel.slice(prefix.length) : null;
  }

  async subscribe(
    docId: string,
    handler: FanOutHandler,
    resync?: () => void,
  ): Promise<() => Promise<void>> {
    const subscriber: Subscriber = { handler, resync };
    let subscribers = this.channels.get(docId);
    if (subscribers === undefined) {
      subscribers = new Set();
      this.channels.set(docId, subscribers);
      const channel = this.channelOf(docId);
      // While Redis is down the subscription waits in the client's queue (and is renewed on
      // every reconnect); the document loads anyway and catches up when Redis is back.
      const confirmed = this.sub.subscribe(channel).then(
        () => true,
        () => false,
      );
      const inTime = await Promise.race([
        confirmed,
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), SUBSCRIBE_WAIT_MS)),
      ]);
      if (!inTime) this.lostConnection = true;
    }
    subscribers.add(subscriber);
    return async () => {
      const set = this.channels.get(docId);
      if (set === undefined) return;
      set.delete(subscriber);
      if (set.size > 0) return;
      this.channels.delete(docId);
      await this.sub.unsubscribe(this.channelOf(docId)).catch(() => {});
    };
  }

  async publish(docId: string, update: Uint8Array, seq?: number): Promise<void> {
    const bytes = encodeFanOut({
      origin: this.instanceId,
      update,
      ...(seq !== undefined ? { seq } : {}),
    });
    await this.pub.publish(this.channelOf(docId), Buffer.from(bytes));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.channels.clear();
    await Promise.all([this.pub.quit().catch(() => {}), this.sub.quit().catch(() => {})]);
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
