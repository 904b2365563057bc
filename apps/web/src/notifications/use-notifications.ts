import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../messages';
import { listNotifications, markNotificationsRead, STREAM_PATH } from './api';
import { type BellState, EMPTY_BELL, markedRead, parsePush, withList, withPush } from './state';

export interface NotificationsModel {
  /** False until the list loaded; it stays false when this server has no notifications. */
  available: boolean;
  state: BellState;
  error: string | null;
  /** Load the list again (the popover opens). */
  refresh(): void;
  markRead(ids?: readonly string[]): Promise<void>;
}

/**
 * The bell's data: the list once, then live through the server's event stream (EventSource
 * reconnects by itself; each reconnection starts with the current count, and the list is read
 * again then, for what came while it was away).
 */
export function useNotifications(enabled: boolean): NotificationsModel {
  const [available, setAvailable] = useState(false);
  const [state, setState] = useState<BellState>(EMPTY_BELL);
  const [error, setError] = useState<string | null>(null);
  const active = useRef(true);

  const refresh = useCallback(() => {
    listNotifications().then(
      (answer) => {
        if (!active.current) return;
        if (answer === null) {
          setAvailable(false);
          return;
        }
        setAvailable(true);
        setError(null);
        setState((s) => withList(s, answer.notifications, answer.unread));
      },
      (caught: unknown) => {
        if (active.current) setError(messageOf(caught));
      },
    );
  }, []);

  useEffect(() => {
    active.current = true;
    if (!enabled) return;
    refresh();
    if (typeof EventSource === 'undefined') return;
    const stream = new EventSource(STREAM_PATH, { withCredentials: true });
    let opened = false;
    stream.onopen = () => {
      // A reconnection: the list may have missed what came meanwhile.
      if (opened) refresh();
      opened = true;
    };
    stream.onmessage = (event: MessageEvent<string>) => {
      const push = parsePush(event.data);
      if (push) setState((s) => withPush(s, push));
    };
    return () => {
      active.current = false;
      stream.close();
    };
  }, [enabled, refresh]);

  const markRead = useCallback(async (ids?: readonly string[]) => {
    // Shown at once; the server's count follows (and every other tab's bell with it).
    setState((s) => {
      const chosen = ids === undefined ? null : new Set(ids);
      const newly = s.items.filter((n) => n.readAt === null && (chosen?.has(n.id) ?? true));
      return {
        items: markedRead(s.items, ids ?? 'all'),
        unread: chosen === null ? 0 : Math.max(0, s.unread - newly.length),
      };
    });
    try {
      const unread = await markNotificationsRead(ids);
      if (active.current) setState((s) => ({ ...s, unread }));
    } catch (caught) {
      if (active.current) setError(messageOf(caught));
    }
  }, []);

  return { available, state, error, refresh, markRead };
}
