import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { onceAFrame } from './frame';

/** y-websocket's message type for sync messages (its messageSync). */
const MESSAGE_SYNC = 0;

/**
 * Apply the document updates that arrive from the server together, once per animation frame, in
 * one Yjs transaction: the editor then redraws once per frame for all of them instead of once per
 * update (in a crowd, a hundred typists' keystrokes a second). Nothing is dropped or reordered:
 * updates queue in arrival order, and any other sync message (a sync step on reconnect) first
 * applies what is queued, then is handled as y-websocket handles it.
 */
export function batchRemoteUpdates(
  provider: Pick<WebsocketProvider, 'doc' | 'messageHandlers'>,
  schedule: (flush: () => void) => {
    request: () => void;
    flush: () => void;
    cancel: () => void;
  } = onceAFrame,
): { flush: () => void; stop: () => void } {
  const original = provider.messageHandlers[MESSAGE_SYNC];
  if (original === undefined) throw new Error('the provider has no sync message handler');
  let queue: Uint8Array[] = [];
  const apply = () => {
    const updates = queue;
    queue = [];
    if (updates.length === 0) return;
    Y.transact(
      provider.doc,
      () => {
        for (const update of updates) Y.applyUpdate(provider.doc, update, provider);
      },
      provider,
    );
  };
  const frame = schedule(apply);
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, type) => {
    const start = decoder.pos;
    if (decoding.readVarUint(decoder) === syncProtocol.messageYjsUpdate) {
      queue.push(decoding.readVarUint8Array(decoder));
      frame.request();
      // Nothing is written to `encoder`: an update gets no reply.
      return;
    }
    decoder.pos = start;
    frame.flush();
    original(encoder, decoder, p, emitSynced, type);
  };
  return {
    flush: () => frame.flush(),
    stop: () => {
      frame.cancel();
      provider.messageHandlers[MESSAGE_SYNC] = original;
    },
  };
}
