import { MessageType } from '@ratify/schema';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * Decoding and encoding of y-websocket frames. Decoding is strict: a client frame is accepted
 * only if every byte is accounted for and every Yjs payload decodes, so nothing malformed ever
 * reaches storage, the room's Y.Doc or another client.
 */

export type ClientFrame =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | {
      kind: 'update';
      /** Which sync message carried it: the reply to our step 1, or a live edit. */
      via: 'syncStep2' | 'update';
      update: Uint8Array;
      /** True when the update carries no structs and no deletions (nothing to persist). */
      empty: boolean;
    }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' };

/** Why a frame (or a connection) was rejected; the `reason` label of the rejection metric. */
export type RejectReason =
  | 'empty_frame'
  | 'text_frame'
  | 'truncated'
  | 'unknown_message_type'
  | 'unknown_sync_type'
  | 'server_only_message'
  | 'trailing_bytes'
  | 'bad_state_vector'
  | 'bad_update'
  | 'bad_awareness'
  /** An update the connection's role does not allow (refused whole, connection closed 4403). */
  | 'forbidden'
  /** Upgrades refused: no valid credential (401), a foreign origin or token (403), no access (404). */
  | 'upgrade_unauthenticated'
  | 'upgrade_forbidden'
  | 'upgrade_no_access'
  | 'invalid_doc_id'
  | 'too_large'
  | 'rate_limited'
  | 'slow_consumer'
  | 'timeout';

export class MalformedFrameError extends Error {
  override name = 'MalformedFrameError';
  constructor(
    readonly reason: RejectReason,
    message: string,
  ) {
    super(message);
  }
}

const malformed = (reason: RejectReason, message: string) =>
  new MalformedFrameError(reason, message);

function readVarUint(decoder: decoding.Decoder, what: string): number {
  try {
    return decoding.readVarUint(decoder);
  } catch {
    throw malformed('truncated', `truncated ${what}`);
  }
}

function readPayload(decoder: decoding.Decoder, what: string): Uint8Array {
  try {
    // Copy out of the socket buffer: the payload may outlive this frame (storage, broadcast).
    return decoding.readVarUint8Array(decoder).slice();
  } catch {
    throw malformed('truncated', `truncated ${what}`);
  }
}

function expectEnd(decoder: decoding.Decoder, what: string): void {
  if (decoding.hasContent(decoder))
    throw malformed('trailing_bytes', `trailing bytes after ${what}`);
}

/** Decode an update fully; Y.applyUpdate alone does not reject every kind of garbage. */
function checkUpdate(update: Uint8Array, what: string): boolean {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    throw malformed('bad_update', `${what} is not a valid Yjs update`);
  }
  return decoded.structs.length === 0 && decoded.ds.clients.size === 0;
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The state as the JSON text the client sent ("null" when it left). */
  state: string;
}

/** Decode an awareness update (y-protocols layout); throws on anything malformed. */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    JSON.parse(state);
    entries.push({ clientId, clock, state });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes in awareness update');
  return entries;
}

export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, entry.state);
    }
  });
}

function checkAwareness(update: Uint8Array): void {
  try {
    decodeAwarenessEntries(update);
  } catch {
    throw malformed('bad_awareness', 'awareness update does not decode');
  }
}

/** Decode one client frame; throws MalformedFrameError with a short, client-safe message. */
export function decodeClientFrame(data: Uint8Array): ClientFrame {
  if (data.byteLength === 0) throw malformed('empty_frame', 'empty frame');
  const decoder = decoding.createDecoder(data);
  const type = readVarUint(decoder, 'message type');
  switch (type) {
    case MessageType.sync: {
      const syncType = readVarUint(decoder, 'sync message type');
      if (syncType === syncProtocol.messageYjsSyncStep1) {
        const stateVector = readPayload(decoder, 'state vector');
        expectEnd(decoder, 'sync step 1');
        try {
          Y.decodeStateVector(stateVector);
        } catch {
          throw malformed('bad_state_vector', 'state vector does not decode');
        }
        return { kind: 'syncStep1', stateVector };
      }
      if (
        syncType === syncProtocol.messageYjsSyncStep2 ||
        syncType === syncProtocol.messageYjsUpdate
      ) {
        const via = syncType === syncProtocol.messageYjsSyncStep2 ? 'syncStep2' : 'update';
        const update = readPayload(decoder, via === 'syncStep2' ? 'sync step 2' : 'update');
        expectEnd(decoder, via === 'syncStep2' ? 'sync step 2' : 'update');
        const empty = checkUpdate(update, via === 'syncStep2' ? 'sync step 2' : 'update');
        return { kind: 'update', via, update, empty };
      }
      throw malformed('unknown_sync_type', `unknown sync message type ${syncType}`);
    }
    case MessageType.awareness: {
      const update = readPayload(decoder, 'awareness update');
      expectEnd(decoder, 'awareness update');
      checkAwareness(update);
      return { kind: 'awareness', update };
    }
    case MessageType.queryAwareness:
      expectEnd(decoder, 'query awareness');
      return { kind: 'queryAwareness' };
    case MessageType.auth:
    case MessageType.savedAck:
    case MessageType.review:
      throw malformed('server_only_message', `message type ${type} is sent by the server only`);
    default:
      throw malformed('unknown_message_type', `unknown message type ${type}`);
  }
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (doc: Y.Doc): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    syncProtocol.writeSyncStep1(e, doc);
  });

export const encodeSyncStep2 = (doc: Y.Doc, stateVector: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    syncProtocol.writeSyncStep2(e, doc, stateVector);
  });

/** A sync step 2 carrying an update we already hold as bytes (a stored snapshot). */
export const encodeSyncStep2FromUpdate = (update: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(e, update);
  });

export const encodeUpdate = (update: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    syncProtocol.writeUpdate(e, update);
  });

export const encodeAwareness = (awarenessUpdate: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, awarenessUpdate);
  });

/** Ratify's saved ack: how many of this connection's updates are durable so far. */
/** A review change for `?review=1` clients: the event as JSON. */
/** A review frame from the event's JSON as UTF-8 bytes (what crosses instances). */
export const encodeReviewPayload = (json: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.review);
    encoding.writeVarUint8Array(e, json);
  });

export const encodeSavedAck = (durableCount: number): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.savedAck);
    encoding.writeVarUint(e, durableCount);
  });

/** y-protocols auth "permission denied", for the future update guard. */
export const encodePermissionDenied = (reason: string): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.auth);
    authProtocol.writePermissionDenied(e, reason);
  });
