import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { ServerHandle } from './servers/index.js';
import { syncStep1 } from './wire.js';

const READ_BUFFER_BYTES = 256 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');

/** One client-to-server WebSocket frame (binary, final, masked as RFC 6455 requires). */
export function maskedFrame(payload: Uint8Array): Buffer {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const header = Buffer.alloc(2 + lengthBytes + 4);
  header[0] = 0x82;
  if (lengthBytes === 0) header[1] = 0x80 | length;
  else if (lengthBytes === 2) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  mask.copy(header, 2 + lengthBytes);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (mask[i & 3] as number);
  return Buffer.concat([header, body]);
}

/**
 * A joining client for very large documents: a plain TCP socket that does the WebSocket
 * handshake, asks for the whole state, and then only counts the bytes that arrive, reading into
 * one reused buffer. A ws client would reassemble every 20 MB message in memory; with 150 of
 * them in one process the load generator, not the server, set the pace.
 */
export class StreamClient {
  /** Bytes received after the handshake (frame headers included). */
  received = 0;
  private constructor(private readonly socket: net.Socket) {}

  static connect(
    server: ServerHandle,
    doc: string,
    onBytes: (total: number) => void,
  ): Promise<StreamClient> {
    const url = new URL(server.wire.url(server.base, doc));
    return new Promise((resolve, reject) => {
      let head = Buffer.alloc(0);
      let upgraded = false;
      let client: StreamClient | null = null;
      const socket = net.connect({
        host: url.hostname,
        port: Number(url.port),
        onread: {
          buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
          callback: (bytes: number, buffer: Uint8Array) => {
            if (client === null) return false;
            if (upgraded) {
              client.received += bytes;
              onBytes(client.received);
              return true;
            }
            head = Buffer.concat([head, buffer.subarray(0, bytes)]);
            const end = head.indexOf(HEADER_END);
            if (end < 0) return true;
            if (!head.subarray(0, 12).toString('latin1').startsWith('HTTP/1.1 101')) {
              socket.destroy();
              reject(new Error(`upgrade refused: ${head.subarray(0, end).toString('latin1')}`));
              return false;
            }
            upgraded = true;
            client.received = head.length - end - HEADER_END.length;
            for (const frame of server.wire.opening(doc)) socket.write(maskedFrame(frame));
            socket.write(maskedFrame(server.wire.wrap(doc, syncStep1(new Uint8Array([0])))));
            resolve(client);
            if (client.received > 0) onBytes(client.received);
            return true;
          },
        },
      });
      client = new StreamClient(socket);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.write(
          `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n` +
            'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
            `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
            'Sec-WebSocket-Version: 13\r\n\r\n',
        );
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
