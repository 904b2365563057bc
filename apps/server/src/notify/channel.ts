import type { NotificationPush } from '@ratify/schema';

export type NotificationListener = (push: NotificationPush) => void;

/**
 * Where a user's notification changes are announced to their open streams (bells in any tab).
 * In-process today; the scale-out backend carries the same messages between instances.
 */
export interface NotificationChannel {
  publish(userId: string, push: NotificationPush): void;
  subscribe(userId: string, listener: NotificationListener): () => void;
}

export class LocalNotificationChannel implements NotificationChannel {
  private readonly listeners = new Map<string, Set<NotificationListener>>();

  publish(userId: string, push: NotificationPush): void {
    for (const listener of this.listeners.get(userId) ?? []) listener(push);
  }

  subscribe(userId: string, listener: NotificationListener): () => void {
    let set = this.listeners.get(userId);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(userId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(userId) === set) this.listeners.delete(userId);
    };
  }
}
