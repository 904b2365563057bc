import type { Socket } from 'node:net';
import WebSocket from 'ws';

/**
 * A binary message framed once: the RFC 6455 header and the payload in one buffer. A
 * broadcast writes these same bytes to every socket of a room, instead of ws framing
 * (allocating a header, corking, two writes) once per socket.
 */
export interface SharedFrame {
  readonly payload: Uint8Array;
  readonly framed: Buffer;
}

const FIN_BINARY = 0x82;

export function shareFrame(payload: Uint8Array): SharedFrame {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const framed = Buffer.allocUnsafe(headerLength + length);
  // Server-to-client frames are never masked.
  framed[0] = FIN_BINARY;
  if (length < 126) {
    framed[1] = length;
  } else if (length < 65_536) {
    framed[1] = 126;
    framed.writeUInt16BE(length, 2);
  } else {
    framed[1] = 127;
    framed.writeBigUInt64BE(BigInt(length), 2);
  }
  framed.set(payload, headerLength);
  return { payload, framed };
}

/** The parts of a ws WebSocket this module relies on (ws 8, pinned in package.json). */
interface WsInternals {
  _socket?: Socket | null;
  _sender?: { _state?: unknown; _queue?: unknown[] } | null;
}

const SENDER_IDLE = 0;

/**
 * Writes a shared frame to the socket under `ws`. When ws has a frame of its own in
 * progress (a queued blob or compression) it falls back to `ws.send`, so frames never
 * interleave on the wire.
 */
export function writeSharedFrame(ws: WebSocket, frame: SharedFrame): void {
  const { _socket: socket, _sender: sender } = ws as unknown as WsInternals;
  if (
    ws.readyState === WebSocket.OPEN &&
    socket &&
    sender?._state === SENDER_IDLE &&
    sender._queue?.length === 0
  ) {
    socket.write(frame.framed);
  } else {
    ws.send(frame.payload);
  }
}
