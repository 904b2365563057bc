import { CloseCode } from '@ratify/schema';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import type { Principal } from '../auth/principal.js';
import { countRejection, type Metrics } from '../metrics.js';
import {
  type ClientFrame,
  decodeClientFrame,
  MalformedFrameError,
  type RejectReason,
} from './protocol.js';
import { RateLimiter } from './rate-limit.js';
import { type SharedFrame, writeSharedFrame } from './shared-frame.js';

export interface ConnectionLimits {
  rateLimitPerSec: number;
  rateLimitBurst: number;
  maxBufferedBytes: number;
}

/** Receives the decoded frames of one connection, in arrival order. */
export interface FrameSink {
  receive(conn: Connection, frame: ClientFrame): void;
  leave(conn: Connection): void;
}

/** How long a socket we closed may take to finish the close handshake before it is destroyed. */
const CLOSE_GRACE_MS = 2_000;

let nextId = 1;

/**
 * One WebSocket: limits (rate, slow consumer), keep-alive, strict decoding, and an ordered task
 * queue so a connection's frames take effect in the order they arrived even though persisting
 * is asynchronous. Frames that arrive before the room is ready are held and replayed.
 */
export class Connection {
  readonly id = nextId++;
  /** Updates from this connection that are durable and applied (the saved-ack count). */
  durableUpdates = 0;
  /** Awareness client ids this connection has announced; removed for everyone when it leaves. */
  readonly awarenessClients = new Set<number>();
  private sink: FrameSink | null = null;
  private early: ClientFrame[] = [];
  private tail: Promise<void> = Promise.resolve();
  private alive = true;
  /** When the client last sent anything (a frame or a pong). */
  private lastHeardAt = Date.now();
  /** Waiting for proof of life (see confirmAlive). */
  private readonly heardWaiters = new Set<() => void>();
  private closed = false;
  private readonly limiter: RateLimiter;
  private readonly closedPromise: Promise<void>;

  constructor(
    private readonly ws: WebSocket,
    readonly docId: string,
    /** The client opened with `?ack=1` and wants saved acks. */
    readonly wantsAck: boolean,
    /** The client opened with `?review=1` and wants review changes pushed. */
    readonly wantsReview: boolean,
    /** Who it acts for, with which role (fixed for its lifetime). */
    readonly principal: Principal,
    private readonly limits: ConnectionLimits,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {
    this.limiter = new RateLimiter(limits.rateLimitPerSec, limits.rateLimitBurst);
    metrics.connections.inc();
    this.closedPromise = new Promise((resolve) => {
      ws.on('close', () => {
        this.closed = true;
        metrics.connections.dec();
        this.sink?.leave(this);
        resolve();
      });
    });
    ws.on('pong', () => {
      this.alive = true;
      this.heard();
    });
    ws.on('error', (error: Error & { code?: string }) => {
      // ws has already closed the socket (1009 for an oversized frame, 1002 for bad framing).
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') countRejection(metrics, 'too_large');
      this.log.warn({ conn: this.id, docId, err: error.message }, 'websocket error');
    });
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === WebSocket.OPEN;
  }

  /** Bytes queued on this socket that the kernel has not taken yet. */
  get bufferedBytes(): number {
    return this.ws.bufferedAmount;
  }

  /** Resolves when the socket has closed. */
  get whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  /** Start delivering frames to the room (replaying those that arrived while it loaded). */
  attach(sink: FrameSink): void {
    this.sink = sink;
    const early = this.early;
    this.early = [];
    try {
      for (const frame of early) sink.receive(this, frame);
    } catch (error) {
      this.fail(error);
    }
    if (this.closed) sink.leave(this);
  }

  /**
   * Run `task` after every task queued before it. A failing task is logged and closes the
   * connection; later tasks still run (their updates may already be durable).
   */
  enqueue(task: () => Promise<void> | void): Promise<void> {
    const run = this.tail.then(task).catch((error: unknown) => this.fail(error));
    this.tail = run;
    return run;
  }

  /** Resolves once every task queued so far has finished. */
  idle(): Promise<void> {
    return this.tail;
  }

  /**
   * Send a frame unless the client is not reading: once more than `maxBufferedBytes` is still
   * unsent, the connection is closed instead of letting the buffer grow (memory per connection
   * stays below the limit plus one frame).
   */
  send(frame: Uint8Array | SharedFrame): void {
    if (!this.isOpen) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.reject('slow_consumer', CloseCode.slowConsumer, 'slow consumer: send buffer full');
      return;
    }
    if (frame instanceof Uint8Array) this.ws.send(frame);
    else writeSharedFrame(this.ws, frame);
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    if (this.ws.readyState !== WebSocket.CLOSING) this.ws.close(code, reason);
    // The close frame may sit behind a full buffer or reach a dead peer: do not wait forever.
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  /** Close this connection for a protocol violation, counting it by reason. */
  reject(reason: RejectReason, code: number, message: string): void {
    if (this.closed || this.ws.readyState >= WebSocket.CLOSING) return;
    countRejection(this.metrics, reason);
    this.log.warn({ conn: this.id, docId: this.docId, reason, message }, 'closing connection');
    this.close(code, message);
  }

  /**
   * Keep-alive tick: a connection that did not answer the previous ping is dropped, and one whose
   * sign-in has expired since it opened is closed with 4401.
   */
  heartbeat(now = Date.now()): void {
    if (!this.isOpen) return;
    const expiresAt = this.principal.credentialExpiresAt;
    if (expiresAt !== null && now >= expiresAt) {
      this.close(CloseCode.unauthorized, 'the sign-in has expired');
      return;
    }
    if (!this.alive) {
      countRejection(this.metrics, 'timeout');
      this.log.info({ conn: this.id, docId: this.docId }, 'no pong: dropping connection');
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  private heard(): void {
    this.lastHeardAt = Date.now();
    for (const waiter of this.heardWaiters) waiter();
  }

  /**
   * Whether the client is there now: it was heard from in the last `freshMs`, or it answers a
   * ping within `timeoutMs`. An open socket alone proves nothing (a client that vanished without
   * closing keeps it open until the keep-alive notices, up to two ping intervals later).
   */
  confirmAlive(freshMs: number, timeoutMs: number): Promise<boolean> {
    if (!this.isOpen) return Promise.resolve(false);
    if (Date.now() - this.lastHeardAt <= freshMs) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (alive: boolean) => {
        clearTimeout(timer);
        this.heardWaiters.delete(onHeard);
        resolve(alive && this.isOpen);
      };
      const onHeard = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.heardWaiters.add(onHeard);
      void this.closedPromise.then(() => done(false));
      this.ws.ping();
    });
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    this.heard();
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (!isBinary) {
      this.reject('text_frame', CloseCode.malformedMessage, 'text frames are not supported');
      return;
    }
    if (!this.limiter.take()) {
      this.reject('rate_limited', CloseCode.rateLimited, 'rate limit exceeded');
      return;
    }
    let frame: ClientFrame;
    try {
      frame = decodeClientFrame(toBytes(data));
    } catch (error) {
      if (error instanceof MalformedFrameError) {
        this.reject(error.reason, CloseCode.malformedMessage, error.message);
      } else {
        this.fail(error);
      }
      return;
    }
    if (this.sink === null) {
      this.early.push(frame);
      return;
    }
    try {
      this.sink.receive(this, frame);
    } catch (error) {
      this.fail(error);
    }
  }

  /** A bug, not the client's fault: log it and drop only this connection; never crash. */
  private fail(error: unknown): void {
    this.log.error({ conn: this.id, docId: this.docId, err: error }, 'failed to handle a frame');
    this.close(1011, 'internal error');
  }
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
