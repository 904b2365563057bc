import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as decoding from 'lib0/decoding';
import pino from 'pino';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createServer, type RunningServer, type ServerOptions } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import type { StoredDoc } from '../src/storage/storage.js';

export const silentLogger = pino({ level: 'silent' });

/** Things to undo after each test, most recent first (servers, providers, temp dirs). */
const cleanups: Array<() => Promise<void> | void> = [];
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

export async function tempDir(prefix = 'ratify-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export function testConfig(dataDir: string, overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    dataDir,
    logLevel: 'silent',
    webDistDir: null,
    ...overrides,
  };
}

export interface TestServer extends RunningServer {
  dataDir: string;
  config: Config;
}

/** A real server on a free port with SQLite in a temp dir; closed after the test. */
export async function startServer(
  overrides: Partial<Config> = {},
  options: ServerOptions & { dataDir?: string } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await tempDir());
  const config = testConfig(dataDir, overrides);
  const server = await createServer(config, { logger: silentLogger, ...options });
  onCleanup(() => server.close());
  return Object.assign(server, { dataDir, config });
}

/** Resolve with `promise`, or fail the test with a message naming what never happened. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Wait until `check()` holds, re-checking whenever `subscribe`'s callback fires (a Yjs or socket
 * event), and fail after `ms`.
 */
export function until(
  check: () => boolean,
  subscribe: (notify: () => void) => () => void,
  ms: number,
  what: string,
): Promise<void> {
  if (check()) return Promise.resolve();
  let off = () => {};
  const done = new Promise<void>((resolve) => {
    off = subscribe(() => {
      if (check()) resolve();
    });
  });
  return within(done, ms, what).finally(() => off());
}

/** Re-check on every doc update of any of `docs`. */
export const onDocUpdates =
  (...docs: Y.Doc[]) =>
  (notify: () => void) => {
    for (const d of docs) d.on('update', notify);
    return () => {
      for (const d of docs) d.off('update', notify);
    };
  };

/** Re-check on a short timer: for server-side state that has no event to listen to. */
export const onTick =
  (ms = 10) =>
  (notify: () => void) => {
    const t = setInterval(notify, ms);
    return () => clearInterval(t);
  };

/** The server's own copy of the `notes` text of a loaded document (null if it is not loaded). */
export function serverNotes(server: RunningServer, docId: string): string | null {
  return server.hub.liveRoom(docId)?.doc.getText('notes').toString() ?? null;
}

/** Wait until the server's own copy of `notes` satisfies `check`. */
export function untilServerNotes(
  server: RunningServer,
  docId: string,
  check: (notes: string | null) => boolean,
  what = 'the server to apply the edits',
): Promise<void> {
  return until(() => check(serverNotes(server, docId)), onTick(), 5000, what);
}

/** Poll the server's storage each tick until what it holds for `docId` passes `check`. */
export async function untilStored(
  server: RunningServer,
  docId: string,
  check: (stored: StoredDoc | null) => boolean,
  what: string,
): Promise<StoredDoc | null> {
  let stored = await server.storage.load(docId);
  await until(
    () => check(stored),
    (notify) =>
      onTick()(async () => {
        stored = await server.storage.load(docId);
        notify();
      }),
    5000,
    what,
  );
  return stored;
}

/** The Yjs update carried by a sync step 2 frame. */
export function step2Update(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

export async function createDoc(
  server: { url: string },
  body: Record<string, unknown> = {},
): Promise<string> {
  const res = await fetch(`${server.url}/api/docs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST /api/docs: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  return id;
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Frame types (first byte) this provider received, in order. */
  received: number[];
}

/** An unmodified y-websocket provider (BroadcastChannel off, so only the server connects them). */
export function connectProvider(
  syncUrl: string,
  docId: string,
  params: Record<string, string> = {},
): TestClient {
  const doc = new Y.Doc();
  const received: number[] = [];
  class RecordingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      // The provider sets binaryType 'arraybuffer', so frames arrive as ArrayBuffers.
      this.on('message', (data: WebSocket.RawData) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : new Uint8Array(data);
        received.push(bytes[0] ?? -1);
      });
    }
  }
  const provider = new WebsocketProvider(syncUrl, docId, doc, {
    WebSocketPolyfill: RecordingWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params,
  });
  onCleanup(() => {
    provider.destroy();
    doc.destroy();
  });
  return { doc, provider, received };
}

export function whenSynced(client: TestClient, ms = 5000): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return within(
    new Promise<void>((resolve) => {
      const handler = (synced: boolean) => {
        if (synced) {
          client.provider.off('sync', handler);
          resolve();
        }
      };
      client.provider.on('sync', handler);
    }),
    ms,
    'the provider to sync',
  );
}

export interface CloseInfo {
  code: number;
  reason: string;
}

/** A raw WebSocket for hand-built frames: records frames and its close. */
export class RawClient {
  readonly ws: WebSocket;
  readonly frames: Uint8Array[] = [];
  readonly closed: Promise<CloseInfo>;
  readonly opened: Promise<void>;
  private waiters: Array<() => void> = [];

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, options);
    this.ws.binaryType = 'nodebuffer';
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    this.ws.on('error', () => {});
    this.ws.on('message', (data: Buffer) => {
      this.frames.push(new Uint8Array(data));
      for (const w of this.waiters) w();
    });
    onCleanup(() => {
      this.ws.terminate();
    });
  }

  send(frame: Uint8Array | string): void {
    this.ws.send(frame, { binary: typeof frame !== 'string' });
  }

  /** Wait for a received frame matching `match` (also those already received). */
  nextFrame(match: (f: Uint8Array) => boolean, ms = 5000, what = 'a frame'): Promise<Uint8Array> {
    let seen = 0;
    const find = () => {
      for (; seen < this.frames.length; seen++) {
        const f = this.frames[seen];
        if (f !== undefined && match(f)) return f;
      }
      return undefined;
    };
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return within(
      new Promise<Uint8Array>((resolve) => {
        const waiter = () => {
          const f = find();
          if (f !== undefined) {
            this.waiters = this.waiters.filter((w) => w !== waiter);
            resolve(f);
          }
        };
        this.waiters.push(waiter);
      }),
      ms,
      what,
    );
  }

  waitClosed(ms = 5000): Promise<CloseInfo> {
    return within(this.closed, ms, 'the server to close the socket');
  }
}

export async function openRaw(
  url: string,
  options: WebSocket.ClientOptions = {},
): Promise<RawClient> {
  const client = new RawClient(url, options);
  await within(client.opened, 5000, 'the socket to open');
  return client;
}

/** The value of one Prometheus sample, e.g. `ratify_rejected_messages_total{reason="truncated"}`. */
export async function metricValue(server: RunningServer, sample: string): Promise<number> {
  const text = await server.metrics.registry.metrics();
  for (const line of text.split('\n')) {
    if (line.startsWith(`${sample} `)) return Number(line.slice(sample.length + 1));
  }
  return 0;
}

/**
 * Wait until a Prometheus sample satisfies `check` (polled each tick, bounded). Use this, not a
 * one-off `metricValue` read, whenever the value changes on the server's side of a socket after
 * something the test observed on its own side (a close, a frame, a reply): the server's
 * bookkeeping may run a moment later than the event the test saw.
 */
export async function untilMetric(
  server: RunningServer,
  sample: string,
  check: number | ((value: number) => boolean),
  what = `${sample} to reach ${typeof check === 'number' ? check : 'the expected value'}`,
  ms = 5000,
): Promise<number> {
  const holds = typeof check === 'number' ? (v: number) => v === check : check;
  let value = await metricValue(server, sample);
  try {
    await until(
      () => holds(value),
      (notify) =>
        onTick()(async () => {
          value = await metricValue(server, sample);
          notify();
        }),
      ms,
      what,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen ${sample} = ${value}`);
  }
  return value;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32): reproducible fuzzing and load. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
