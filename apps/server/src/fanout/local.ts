import { randomUUID } from 'node:crypto';
import type { FanOut, FanOutHandler, FanOutMessage } from './fanout.js';

/**
 * In-process fan-out. Instances created with the same `bus` see each other's updates (two servers
 * in one test process); a lone instance simply has nobody to tell.
 */
export class LocalBus {
  private readonly handlers = new Map<string, Set<FanOutHandler>>();

  on(docId: string, handler: FanOutHandler): () => void {
    let set = this.handlers.get(docId);
    if (set === undefined) {
      set = new Set();
      this.handlers.set(docId, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(docId);
    };
  }

  emit(message: FanOutMessage): void {
    for (const handler of this.handlers.get(message.docId) ?? []) handler(message);
  }
}

export class LocalFanOut implements FanOut {
  readonly instanceId: string;
  private readonly subscriptions = new Set<() => void>();

  constructor(private readonly bus: LocalBus = new LocalBus()) {
    this.instanceId = randomUUID();
  }

  async subscribe(docId: string, handler: FanOutHandler): Promise<() => Promise<void>> {
    const off = this.bus.on(docId, (message) => {
      if (message.origin !== this.instanceId) handler(message);
    });
    this.subscriptions.add(off);
    return async () => {
      off();
      this.subscriptions.delete(off);
    };
  }

  async publish(docId: string, update: Uint8Array, seq?: number): Promise<void> {
    this.bus.emit({
      docId,
      origin: this.instanceId,
      update,
      ...(seq !== undefined ? { seq } : {}),
    });
  }

  async publishAwareness(docId: string, update: Uint8Array): Promise<void> {
    this.bus.emit({ docId, origin: this.instanceId, update, kind: 'awareness' });
  }

  async publishReview(docId: string, event: Uint8Array): Promise<void> {
    this.bus.emit({ docId, origin: this.instanceId, update: event, kind: 'review' });
  }

  async close(): Promise<void> {
    for (const off of this.subscriptions) off();
    this.subscriptions.clear();
  }
}
