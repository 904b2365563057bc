import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { ServerHandle } from './servers/index.js';
import { type SyncOptions, syncStep1 } from './wire.js';

const HEADER_END = Buffer.from('\r\n\r\n');
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;
/** Callbacks run synchronously, so every socket can read into this one buffer. */
const readBuffer = Buffer.allocUnsafe(256 * 1024);

/** One client-to-server WebSocket frame (final, masked as RFC 6455 requires). */
export function maskedFrame(payload: Uint8Array, opcode = 0x2): Buffer {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const header = Buffer.alloc(2 + lengthBytes + 4);
  header[0] = 0x80 | opcode;
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
 * Reads server-to-client frames from a byte stream without assembling messages: data payloads
 * are handed on in the slices they arrive in, so a 20 MB state costs no 20 MB buffer, and a
 * small update costs no allocation. Control frames (ping, close) are collected whole.
 */
class FrameReader {
  private header = Buffer.alloc(0);
  private remaining = 0;
  private opcode = 0;
  private control: Buffer[] = [];

  constructor(
    private readonly onData: (slice: Buffer, frameEnds: boolean) => void,
    private readonly onControl: (opcode: number, payload: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      // Between frames, or inside a header: `remaining` only counts payload bytes.
      if (this.remaining === 0) {
        const need = this.headerLength();
        const take = Math.min(need - this.header.length, chunk.length - at);
        if (take > 0) {
          this.header = Buffer.concat([this.header, chunk.subarray(at, at + take)]);
          at += take;
        }
        if (this.header.length < this.headerLength()) continue;
        this.startPayload();
        if (this.remaining === 0) this.endFrame(Buffer.alloc(0));
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - at);
      const slice = chunk.subarray(at, at + take);
      at += take;
      this.remaining -= take;
      if (this.opcode >= OPCODE_CLOSE) {
        this.control.push(Buffer.from(slice));
        if (this.remaining === 0) this.endFrame(Buffer.concat(this.control));
      } else {
        this.onData(slice, this.remaining === 0);
        if (this.remaining === 0) this.header = Buffer.alloc(0);
      }
    }
  }

  /** Bytes of the current frame's header, as far as the bytes read so far tell. */
  private headerLength(): number {
    if (this.header.length < 2) return 2;
    const length = (this.header[1] as number) & 0x7f;
    return length === 126 ? 4 : length === 127 ? 10 : 2;
  }

  private startPayload(): void {
    this.opcode = (this.header[0] as number) & 0x0f;
    const length = (this.header[1] as number) & 0x7f;
    this.remaining =
      length === 126
        ? this.header.readUInt16BE(2)
        : length === 127
          ? Number(this.header.readBigUInt64BE(2))
          : length;
    this.control = [];
  }

  private endFrame(payload: Buffer): void {
    if (this.opcode >= OPCODE_CLOSE) this.onControl(this.opcode, payload);
    else this.onData(payload, true);
    this.header = Buffer.alloc(0);
  }
}

export interface StreamClientHandlers {
  /** A slice of a data frame's payload; `frameEnds` on the last slice of each frame. */
  onData?: (slice: Buffer, frameEnds: boolean) => void;
}

/**
 * A lean WebSocket client for the load generator: a plain TCP socket that does the handshake,
 * asks for the whole state, answers pings, and hands on payload bytes as they arrive, reading
 * into one shared buffer. A ws client reassembles and allocates every message; with 150 clients
 * on a 20 MB document (or 1,500 receivers of a busy one) in one process, the load generator, not
 * the server, had set the pace.
 */
export class StreamClient {
  /** Payload bytes of data frames received so far. */
  received = 0;
  private constructor(private readonly socket: net.Socket) {}

  static async connect(
    server: ServerHandle,
    doc: string,
    handlers: StreamClientHandlers = {},
    options?: SyncOptions,
  ): Promise<StreamClient> {
    await server.authorize(doc, options);
    const url = new URL(server.wire.url(server.base, doc, options));
    return new Promise((resolve, reject) => {
      let head: Buffer | null = Buffer.alloc(0);
      let client: StreamClient | null = null;
      const reader = new FrameReader(
        (slice, frameEnds) => {
          if (client === null) return;
          client.received += slice.length;
          handlers.onData?.(slice, frameEnds);
        },
        (opcode, payload) => {
          if (opcode === OPCODE_PING) socket.write(maskedFrame(payload, OPCODE_PONG));
          else if (opcode === OPCODE_CLOSE) socket.end();
        },
      );
      const socket = net.connect({
        host: url.hostname,
        port: Number(url.port),
        onread: {
          buffer: readBuffer,
          callback: (bytes: number, buffer: Uint8Array) => {
            const chunk = Buffer.from(buffer.buffer, buffer.byteOffset, bytes);
            if (head === null) {
              reader.push(chunk);
              return true;
            }
            head = Buffer.concat([head, chunk]);
            const end = head.indexOf(HEADER_END);
            if (end < 0) return true;
            if (!head.toString('latin1', 0, 12).startsWith('HTTP/1.1 101')) {
              socket.destroy();
              reject(new Error(`upgrade refused: ${head.toString('latin1', 0, end)}`));
              return false;
            }
            const rest = head.subarray(end + HEADER_END.length);
            head = null;
            for (const frame of server.wire.opening(doc)) socket.write(maskedFrame(frame));
            socket.write(maskedFrame(server.wire.wrap(doc, syncStep1(new Uint8Array([0])))));
            if (client !== null) resolve(client);
            if (rest.length > 0) reader.push(rest);
            return true;
          },
        },
      });
      client = new StreamClient(socket);
      socket.once('error', reject);
      socket.on('error', () => {});
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
