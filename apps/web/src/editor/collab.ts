import {
  CloseCode,
  MessageType,
  REVIEW_QUERY_PARAM,
  SAVED_ACK_QUERY_PARAM,
  YDOC_CONTENT_FIELD,
} from '@ratify/schema';
import * as decoding from 'lib0/decoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { PushedReviewEvent as ReviewEvent } from '../review/types';
import { batchRemoteUpdates } from './batched-sync';
import { classifyFrame, SaveTracker } from './save-state';

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** This device's copy; null for read-only sessions (see openSession). */
  persistence: IndexeddbPersistence | null;
  tracker: SaveTracker;
  /** Resolves when there is content to show: from IndexedDB, or once the server synced. */
  ready: Promise<void>;
  /** Set when the server closed for good (deleted document, signed out, role changed, refused). */
  onTerminal(listener: (reason: TerminalReason) => void): () => void;
  /** Review changes the server pushes (sign-offs, reviewers, rounds, approval). */
  onReview(listener: (event: ReviewEvent) => void): () => void;
  destroy(): void;
}

/**
 * not-found: 4404, the document is gone. unauthorized: 4401, the session ended. forbidden: 4403,
 * the role changed, access was removed, or a change was refused: ask the server which.
 */
export type TerminalReason = 'not-found' | 'unauthorized' | 'forbidden' | 'refused';

/**
 * Whether to reconnect after the server closed the socket: 44xx mirror HTTP 4xx and are final
 * (as y-websocket's default); 45xx (slow consumer, rate limited) and the rest pass with time.
 */
export function shouldReconnect(code: number): boolean {
  // An oversized frame would be sent again on every reconnect: stop instead of looping.
  if (code === CloseCode.messageTooLarge) return false;
  return !(code >= 4400 && code < 4500);
}

export function terminalReason(code: number): TerminalReason {
  if (code === CloseCode.documentNotFound) return 'not-found';
  if (code === CloseCode.unauthorized) return 'unauthorized';
  if (code === CloseCode.forbidden) return 'forbidden';
  return 'refused';
}

/** A pushed review frame's JSON, or null when it is not a review event this client knows. */
export function parseReviewEvent(json: string): ReviewEvent | null {
  try {
    const value = JSON.parse(json) as { kind?: unknown } | null;
    return value && typeof value === 'object' && typeof value.kind === 'string'
      ? (value as ReviewEvent)
      : null;
  } catch {
    return null;
  }
}

export function syncServerUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/sync`;
}

/**
 * Open a document's live session. A read-only session (viewer, commenter) keeps no copy on this
 * device: an earlier copy may hold edits the server never got (made offline, or just before a
 * downgrade), and sending those would get the connection closed again on every reconnect.
 */
export function openSession(
  docId: string,
  options: { readOnly?: boolean; serverUrl?: string } = {},
): CollabSession {
  const serverUrl = options.serverUrl ?? syncServerUrl(window.location);
  const doc = new Y.Doc();
  const tracker = new SaveTracker();
  const persistence = options.readOnly ? null : new IndexeddbPersistence(`ratify:${docId}`, doc);
  const provider = new WebsocketProvider(serverUrl, docId, doc, {
    connect: false,
    // Tabs sync through the server only, so "Saved" never counts on another tab's connection.
    disableBc: true,
    params: { [SAVED_ACK_QUERY_PARAM]: '1', [REVIEW_QUERY_PARAM]: '1' },
    shouldReconnect: (event) => shouldReconnect(event.code),
  });
  // In a crowd, remote updates are drawn once per frame, not once each (batched-sync.ts).
  const batching = batchRemoteUpdates(provider);
  const terminalListeners = new Set<(reason: TerminalReason) => void>();
  const reviewListeners = new Set<(event: ReviewEvent) => void>();

  provider.messageHandlers[MessageType.savedAck] = (_encoder, decoder) => {
    tracker.ackReceived(decoding.readVarUint(decoder));
  };
  provider.messageHandlers[MessageType.review] = (_encoder, decoder) => {
    const event = parseReviewEvent(decoding.readVarString(decoder));
    if (event) for (const listener of reviewListeners) listener(event);
  };

  // Count what goes out on each new socket; the server's count restarts per connection too.
  provider.on('status', ({ status }) => {
    if (status === 'connecting') {
      const ws = provider.ws;
      if (ws) {
        tracker.socketCreated();
        const send = ws.send.bind(ws);
        ws.send = (data) => {
          send(data);
          tracker.frameSent(classifyFrame(data));
        };
      }
    } else if (status === 'connected') {
      tracker.socketOpened();
    }
  });
  provider.on('connection-close', () => tracker.socketClosed());
  provider.on('sync', (synced) => tracker.setSynced(synced));
  provider.on('closed', ({ code }) => {
    const reason = terminalReason(code);
    for (const listener of terminalListeners) listener(reason);
  });

  const onLocalUpdate = (_update: Uint8Array, origin: unknown) => {
    // Remote updates are the server's already. Content loaded from IndexedDB may hold offline
    // edits the server lacks, so it counts as local until the next sync step 2 carries it.
    if (origin === provider) return;
    const sentNow = provider.wsconnected && provider.ws?.readyState === WebSocket.OPEN;
    tracker.localChange(sentNow);
  };
  doc.on('update', onLocalUpdate);

  // Browsers know before the socket does; reconnect as soon as the network is back.
  const onOffline = () => {
    tracker.setBrowserOffline(true);
    provider.disconnect();
  };
  const onOnline = () => {
    tracker.setBrowserOffline(false);
    provider.connect();
  };
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);
  if (navigator.onLine === false) tracker.setBrowserOffline(true);
  else provider.connect();

  const fragment = doc.getXmlFragment(YDOC_CONTENT_FIELD);
  const ready = new Promise<void>((resolve) => {
    const onSynced = (synced: boolean) => {
      if (synced) {
        provider.off('sync', onSynced);
        resolve();
      }
    };
    provider.on('sync', onSynced);
    void persistence?.whenSynced.then(() => {
      if (fragment.length > 0) resolve();
    });
  });

  return {
    doc,
    provider,
    persistence,
    tracker,
    ready,
    onTerminal(listener) {
      terminalListeners.add(listener);
      return () => terminalListeners.delete(listener);
    },
    onReview(listener) {
      reviewListeners.add(listener);
      return () => reviewListeners.delete(listener);
    },
    destroy() {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      doc.off('update', onLocalUpdate);
      batching.stop();
      provider.destroy();
      void persistence?.destroy();
      doc.destroy();
    },
  };
}
