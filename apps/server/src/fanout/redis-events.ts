import { randomUUID } from 'node:crypto';
import type { NotificationPush } from '@ratify/schema';
import type { AccessChange, AccessEvents, AccessListener } from '../auth/access-events.js';
import type { NotificationChannel, NotificationListener } from '../notify/channel.js';
import type { RedisLink } from './redis-link.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `{ origin, body }` as JSON bytes: receivers skip what they published themselves. */
export const pack = (origin: string, body: unknown) =>
  encoder.encode(JSON.stringify({ origin, body }));
export function unpack<T>(bytes: Uint8Array): { origin: string; body: T } | null {
  try {
    const value = JSON.parse(decoder.decode(bytes)) as { origin?: unknown; body?: T };
    return typeof value.origin === 'string'
      ? { origin: value.origin, body: value.body as T }
      : null;
  } catch {
    return null;
  }
}

/**
 * Access changes (role changes, removals, revoked links, ended sign-ins) announced on every
 * instance, so each closes the connections it holds that the change affects.
 */
export class RedisAccessEvents implements AccessEvents {
  private readonly origin = randomUUID();
  private readonly listeners = new Set<AccessListener>();
  private readonly ready: Promise<() => Promise<void>>;

  constructor(private readonly link: RedisLink) {
    this.ready = link.subscribe('access', (bytes) => {
      const message = unpack<AccessChange>(bytes);
      if (message === null || message.origin === this.origin) return;
      for (const listener of this.listeners) listener(message.body);
    });
  }

  /** Resolves once the subscription is in place (or Redis is known to be down). */
  async started(): Promise<void> {
    await this.ready;
  }

  publish(change: AccessChange): void {
    for (const listener of this.listeners) listener(change);
    this.link
      .publish('access', pack(this.origin, change))
      .catch((error: unknown) => this.link.warn('publishing an access change failed', error));
  }

  subscribe(listener: AccessListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** A user's notification pushes, on every instance where they have a bell open. */
export class RedisNotificationChannel implements NotificationChannel {
  private readonly origin = randomUUID();
  private readonly local = new Map<string, Set<NotificationListener>>();
  private readonly subscriptions = new Map<string, Promise<() => Promise<void>>>();

  constructor(private readonly link: RedisLink) {}

  publish(userId: string, push: NotificationPush): void {
    for (const listener of this.local.get(userId) ?? []) listener(push);
    this.link
      .publish(`notify:${userId}`, pack(this.origin, push))
      .catch((error: unknown) => this.link.warn('publishing a notification failed', error));
  }

  subscribe(userId: string, listener: NotificationListener): () => void {
    let set = this.local.get(userId);
    if (set === undefined) {
      set = new Set();
      this.local.set(userId, set);
      this.subscriptions.set(
        userId,
        this.link.subscribe(`notify:${userId}`, (bytes) => {
          const message = unpack<NotificationPush>(bytes);
          if (message === null || message.origin === this.origin) return;
          for (const l of this.local.get(userId) ?? []) l(message.body);
        }),
      );
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size > 0 || this.local.get(userId) !== set) return;
      this.local.delete(userId);
      const subscription = this.subscriptions.get(userId);
      this.subscriptions.delete(userId);
      void subscription?.then((unsubscribe) => unsubscribe());
    };
  }
}
