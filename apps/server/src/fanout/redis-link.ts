import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** How long a subscription waits for Redis to confirm it (it may be down). */
const SUBSCRIBE_WAIT_MS = 1_000;

interface Listener {
  onMessage: (message: Uint8Array) => void;
  onResync: (() => void) | undefined;
}

/**
 * One instance's two Redis connections (publishing, subscribing), shared by everything that
 * crosses instances: document updates (RedisFanOut), access changes and notifications. Channel
 * names start with the deployment's prefix. Redis carries messages only: publishing fails at once
 * while it is down (nothing queues up), subscriptions wait for it and are renewed on every
 * reconnect, and then each listener is told to resync (messages may have been lost meanwhile).
 */
export class RedisLink {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly channels = new Map<string, Set<Listener>>();
  private lostConnection = false;
  private closed = false;

  constructor(
    url: string,
    readonly prefix: string,
    private readonly log: Logger,
  ) {
    this.pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.sub = new Redis(url, { autoResubscribe: true, maxRetriesPerRequest: null });
    for (const client of [this.pub, this.sub]) {
      client.on('error', (error: Error) =>
        log.warn({ err: error.message }, 'redis connection error'),
      );
    }
    this.sub.on('close', () => {
      if (!this.closed) this.lostConnection = true;
    });
    this.sub.on('ready', () => {
      if (!this.lostConnection) return;
      this.lostConnection = false;
      log.info('redis is back: reading what was missed');
      for (const listeners of this.channels.values()) {
        for (const { onResync } of listeners) onResync?.();
      }
    });
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      for (const { onMessage } of this.channels.get(channel.toString()) ?? []) {
        onMessage(new Uint8Array(message));
      }
    });
  }

  /** The full channel name for `name` in this deployment. */
  channel(name: string): string {
    return `${this.prefix}:${name}`;
  }

  async subscribe(
    name: string,
    onMessage: (message: Uint8Array) => void,
    onResync?: () => void,
  ): Promise<() => Promise<void>> {
    const channel = this.channel(name);
    const listener: Listener = { onMessage, onResync };
    let listeners = this.channels.get(channel);
    if (listeners === undefined) {
      listeners = new Set();
      this.channels.set(channel, listeners);
      // While Redis is down this waits in the client's queue; the caller goes on meanwhile and
      // is told to resync when Redis is back.
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
    listeners.add(listener);
    return async () => {
      const set = this.channels.get(channel);
      if (set === undefined) return;
      set.delete(listener);
      if (set.size > 0) return;
      this.channels.delete(channel);
      await this.sub.unsubscribe(channel).catch(() => {});
    };
  }

  async publish(name: string, message: Uint8Array): Promise<void> {
    await this.pub.publish(this.channel(name), Buffer.from(message));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.channels.clear();
    await Promise.all([this.pub.quit().catch(() => {}), this.sub.quit().catch(() => {})]);
    this.pub.disconnect();
    this.sub.disconnect();
  }

  /** For logging what failed to cross. */
  warn(what: string, error: unknown): void {
    this.log.warn({ err: error instanceof Error ? error.message : String(error) }, what);
  }
}
