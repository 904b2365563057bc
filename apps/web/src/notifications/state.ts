/**
 * The bell's state, pure: the notifications known (newest first) and the unread count, changed
 * by the list the server answers and by what its stream pushes (a new notification, or some or
 * all marked read, in any tab). The count is always the server's.
 */
import type { NotificationKind, NotificationPush, NotificationView } from '@ratify/schema';
import { docPath } from '../router';

export interface BellState {
  /** Newest first, each once. */
  items: NotificationView[];
  unread: number;
}

export const EMPTY_BELL: BellState = { items: [], unread: 0 };

const newestFirst = (a: NotificationView, b: NotificationView) =>
  b.at.localeCompare(a.at) || b.id.localeCompare(a.id);

/** Kept in the popover at most (the server keeps them all until read). */
const MAX_ITEMS = 100;

function withItems(items: NotificationView[]): NotificationView[] {
  const byId = new Map<string, NotificationView>();
  for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()].sort(newestFirst).slice(0, MAX_ITEMS);
}

/** What the list endpoint answered, merged with what the stream brought meanwhile. */
export function withList(
  state: BellState,
  list: readonly NotificationView[],
  unread: number,
): BellState {
  const fresh = new Map(list.map((n) => [n.id, n]));
  // The answer is newer for what it holds; pushed items it does not hold yet stay.
  const kept = state.items.filter((n) => !fresh.has(n.id));
  return { items: withItems([...list, ...kept]), unread };
}

export function withPush(state: BellState, push: NotificationPush): BellState {
  if (push.kind === 'notification') {
    const others = state.items.filter((n) => n.id !== push.notification.id);
    return { items: withItems([push.notification, ...others]), unread: push.unread };
  }
  return { items: markedRead(state.items, push.ids), unread: push.unread };
}

/** The items with these (or all) marked read now, where they were not already. */
export function markedRead(
  items: readonly NotificationView[],
  ids: readonly string[] | 'all',
  at = new Date().toISOString(),
): NotificationView[] {
  const chosen = ids === 'all' ? null : new Set(ids);
  return items.map((n) =>
    n.readAt === null && (chosen === null || chosen.has(n.id)) ? { ...n, readAt: at } : n,
  );
}

/** A pushed message's notification push, or null when it is not one. */
export function parsePush(data: string): NotificationPush | null {
  try {
    const value = JSON.parse(data) as Partial<NotificationPush> | null;
    if (!value || typeof value !== 'object' || typeof value.unread !== 'number') return null;
    if (
      value.kind === 'notification' &&
      value.notification &&
      typeof value.notification === 'object'
    ) {
      return value as NotificationPush;
    }
    if (value.kind === 'read' && (value.ids === 'all' || Array.isArray(value.ids))) {
      return value as NotificationPush;
    }
    return null;
  } catch {
    return null;
  }
}

/** Where a notification leads: its document, at its thread, or at the sign-off panel. */
export function notificationHref(n: NotificationView): string {
  const base = docPath(n.docId);
  if (n.threadId) return `${base}#thread-${encodeURIComponent(n.threadId)}`;
  if (n.kind === 'signoff_request' || n.kind === 'approval') return `${base}#signoff`;
  return base;
}

export const KIND_TEXT: Record<NotificationKind, string> = {
  mention: 'Mention',
  reply: 'Reply',
  signoff_request: 'Sign-off',
  approval: 'Approved',
};

/** "3 unread" for the bell's name. */
export function bellLabel(unread: number): string {
  return unread === 0 ? 'Notifications' : `Notifications, ${unread} unread`;
}
