import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** y-protocols message types as they appear after any framing prefix. */
export const SYNC = 0;
export const AWARENESS = 1;
export const STEP1 = 0;
export const STEP2 = 1;
export const UPDATE = 2;
const HOCUSPOCUS_AUTH = 2;
const HOCUSPOCUS_SYNC_REPLY = 4;
const HOCUSPOCUS_TOKEN = 0;

/** How a client wants its socket opened; servers without these features ignore them. */
export interface SyncOptions {
  /** Ratify: `?review=1`, so the server pushes review changes (MessageType.review) to it. */
  review?: boolean;
  /**
   * Ratify: connect as the reader account (a viewer of the document, see ServerHandle.review)
   * instead of the bench account, so the socket does not count as the bench account present.
   */
  reader?: boolean;
}

/**
 * How one server family frames y-protocols messages. The y-websocket family
 * (Ratify, the reference server, the relay) sends them bare with the document in
 * the URL; Hocuspocus prefixes every frame with the document name and wants an
 * auth frame first.
 */
export interface Wire {
  url(base: string, doc: string, options?: SyncOptions): string;
  /** Frames a client sends right after the socket opens. */
  opening(doc: string): Uint8Array[];
  wrap(doc: string, message: Uint8Array): Uint8Array;
  /** The y-protocols message inside a frame, or null for framing-only messages. */
  unwrap(frame: Uint8Array): Uint8Array | null;
  /** A reply to a sync step 1 (Hocuspocus marks it so it does not ask again). */
  wrapReply(doc: string, message: Uint8Array): Uint8Array;
}

export const yWebsocketWire = (path: string): Wire => ({
  url: (base, doc) => `${base}${path}/${encodeURIComponent(doc)}`,
  opening: () => [],
  wrap: (_doc, message) => message,
  unwrap: (frame) => frame,
  wrapReply: (_doc, message) => message,
});

function prefixed(doc: string, message: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, doc);
  encoding.writeUint8Array(encoder, message);
  return encoding.toUint8Array(encoder);
}

export const hocuspocusWire: Wire = {
  url: (base) => `${base}/`,
  opening: (doc) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, doc);
    encoding.writeVarUint(encoder, HOCUSPOCUS_AUTH);
    encoding.writeVarUint(encoder, HOCUSPOCUS_TOKEN);
    encoding.writeVarString(encoder, '');
    return [encoding.toUint8Array(encoder)];
  },
  wrap: prefixed,
  unwrap: (frame) => {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarString(decoder);
    const start = decoder.pos;
    const type = decoding.readVarUint(decoder);
    if (type === SYNC || type === AWARENESS) return frame.subarray(start);
    if (type === HOCUSPOCUS_SYNC_REPLY) {
      const rest = frame.subarray(decoder.pos);
      const message = new Uint8Array(rest.length + 1);
      message[0] = SYNC;
      message.set(rest, 1);
      return message;
    }
    return null;
  },
  wrapReply: (doc, message) => {
    const copy = message.slice();
    copy[0] = HOCUSPOCUS_SYNC_REPLY;
    return prefixed(doc, copy);
  },
};

export function syncStep1(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, SYNC);
  encoding.writeVarUint(encoder, STEP1);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

export function syncMessage(kind: typeof STEP2 | typeof UPDATE, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, SYNC);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
