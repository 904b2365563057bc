import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageType, type ReviewEvent, type Role } from '@ratify/schema';
import * as decoding from 'lib0/decoding';
import pino from 'pino';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createServer, type RunningServer, type ServerOptions } from '../src/app.js';
import { CLIENT_WRITABLE_ROOTS, roleGuard } from '../src/auth/guard.js';
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

/**
 * Most sync tests edit plain texts (`notes`, and a few others): the test server's role guard
 * allows those roots beside the real ones. Tests of the guard itself use the production roots
 * (auth/guard.ts), and every other root is still refused.
 */
export const TEST_WRITABLE_ROOTS: ReadonlySet<string> = new Set([
  ...CLIENT_WRITABLE_ROOTS,
  'notes',
  'extra',
  'acked',
  'fuzz',
]);

/** A real server on a free port with SQLite in a temp dir; closed after the test. */
export async function startServer(
  overrides: Partial<Config> = {},
  options: ServerOptions & { dataDir?: string } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await tempDir());
  const config = testConfig(dataDir, overrides);
  const server = await createServer(config, {
    logger: silentLogger,
    guard: roleGuard(TEST_WRITABLE_ROOTS),
    ...options,
  });
  onCleanup(() => server.close());
  return Object.assign(server, { dataDir, config });
}

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestAccount {
  id: string;
  email: string;
  name: string;
  /** A bearer token (the session secret the sign-up returned). */
  token: string;
}

let accountCounter = 0;

/** Sign up a new account on `server` (the first on a server becomes its administrator). */
export async function signUp(server: { url: string }, name = 'Tester'): Promise<TestAccount> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${++accountCounter}-${Date.now()}@example.test`;
  const res = await fetch(`${server.url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD, name }),
  });
  if (res.status !== 201) throw new Error(`signup: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: { id: string }; token: string };
  return { id: body.user.id, email, name, token: body.token };
}

/**
 * Each server's default document owner, keyed by its data directory when it has one (a server
 * restarted on the same data is the same install, with the same accounts), else its URL.
 */
const owners = new Map<string, Promise<TestAccount>>();

/** The account `createDoc` creates documents as on this server, signed up on first use. */
export function docOwner(server: { url: string; dataDir?: string }): Promise<TestAccount> {
  const key = server.dataDir ?? server.url;
  let owner = owners.get(key);
  if (owner === undefined) {
    owner = signUp(server, 'Owner');
    owners.set(key, owner);
    onCleanup(() => {
      owners.delete(key);
    });
  }
  return owner;
}

/** `fetch` with a bearer token. */
export function authedFetch(
  account: { token: string },
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${account.token}`);
  if (init.body !== undefined && !headers.has('content-type')) {
    headers.set('content-type', 'application/json');
  }
  return fetch(url, { ...init, headers });
}

/** A JSON call to `/api/<path>` as `account`: the status and the parsed body ({} when empty). */
export async function apiCall(
  server: { url: string },
  account: { token: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await authedFetch(account, `${server.url}/api/${path}`, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

/** `apiCall` on `/api/docs/<path>`. */
export const docCall = (
  server: { url: string },
  account: { token: string },
  method: string,
  path: string,
  body?: unknown,
) => apiCall(server, account, method, `docs/${path}`, body);

/** `fetch` as the server's default document owner (what createDoc creates documents as). */
export async function ownerFetch(
  server: { url: string; dataDir?: string },
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  return authedFetch(await docOwner(server), url, init);
}

/**
 * Document tokens by document id, minted for the document's owner when `createDoc` made it (or
 * by `authorize`): `connectProvider` and `RawClient` add one to the sync URL unless the test
 * gives its own `token` (ids are random, so one map serves every server of a test).
 */
const docTokens = new Map<string, string>();

/** Mint a document token for `account` on `docId` and return it. */
export async function mintDocToken(
  server: { url: string },
  account: { token: string },
  docId: string,
): Promise<string> {
  const res = await authedFetch(account, `${server.url}/api/docs/${docId}/token`, {
    method: 'POST',
  });
  if (res.status !== 201) throw new Error(`POST token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Make later connections to `docId` use a token of `account` (the owner by default). */
export async function authorize(
  server: { url: string; dataDir?: string },
  docId: string,
  account?: TestAccount,
): Promise<string> {
  const token = await mintDocToken(server, account ?? (await docOwner(server)), docId);
  docTokens.set(docId, token);
  onCleanup(() => {
    docTokens.delete(docId);
  });
  return token;
}

/**
 * A new account made a member of `docId` with `role` by the document's owner, and a document
 * token of it (pass it as `{ token }` to connectProvider, or `?token=` on a raw URL).
 */
export async function newMember(
  server: { url: string; dataDir?: string },
  docId: string,
  role: Role,
  name: string = role,
): Promise<TestAccount & { docToken: string }> {
  const account = await signUp(server, name);
  const res = await authedFetch(await docOwner(server), `${server.url}/api/docs/${docId}/members`, {
    method: 'POST',
    body: JSON.stringify({ email: account.email, role }),
  });
  if (res.status !== 201) throw new Error(`add member: ${res.status} ${await res.text()}`);
  return { ...account, docToken: await mintDocToken(server, account, docId) };
}

/** The sync URL with the registered token of its document, unless it has a token already. */
export function withDocToken(url: string): string {
  const parsed = new URL(url);
  if (parsed.searchParams.has('token')) return url;
  let docId: string;
  try {
    docId = decodeURIComponent(parsed.pathname.split('/').at(-1) ?? '');
  } catch {
    return url; // a deliberately malformed id: no document to have a token for
  }
  const token = docTokens.get(docId);
  if (token === undefined) return url;
  parsed.searchParams.set('token', token);
  return parsed.toString();
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

/**
 * Create a document as `account` (the server's default owner unless given) and register a token
 * of that account for connecting to it.
 */
export async function createDoc(
  server: { url: string; dataDir?: string },
  body: Record<string, unknown> = {},
  account?: TestAccount,
): Promise<string> {
  const owner = account ?? (await docOwner(server));
  const res = await authedFetch(owner, `${server.url}/api/docs`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST /api/docs: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  await authorize(server, id, owner);
  return id;
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Frame types (first byte) this provider received, in order. */
  received: number[];
  /**
   * Sync frames carrying updates (step 2 or update) sent on the current socket, and the latest
   * saved acknowledgement's count (`?ack=1`): everything sent is saved when they are equal.
   */
  acks: { sent: number; saved: number };
}

/** An unmodified y-websocket provider (BroadcastChannel off, so only the server connects them). */
export function connectProvider(
  syncUrl: string,
  docId: string,
  params: Record<string, string> = {},
  /** The client's own copy to sync (a client moving to another server keeps its state). */
  doc = new Y.Doc(),
): TestClient {
  const received: number[] = [];
  const acks = { sent: 0, saved: 0 };
  class RecordingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      acks.sent = 0;
      acks.saved = 0;
      // The provider sets binaryType 'arraybuffer', so frames arrive as ArrayBuffers.
      this.on('message', (data: WebSocket.RawData) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : new Uint8Array(data);
        received.push(bytes[0] ?? -1);
        if (bytes[0] === MessageType.savedAck) {
          const decoder = decoding.createDecoder(bytes);
          decoding.readVarUint(decoder);
          acks.saved = decoding.readVarUint(decoder);
        }
      });
    }
    override send(data: Parameters<WebSocket['send']>[0], ...rest: unknown[]): void {
      const bytes = data as Uint8Array;
      // messageSync (0) with syncStep2 (1) or update (2): one durable update each.
      if (bytes[0] === 0 && (bytes[1] === 1 || bytes[1] === 2)) acks.sent++;
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  const token = params.token ?? docTokens.get(docId);
  const provider = new WebsocketProvider(syncUrl, docId, doc, {
    WebSocketPolyfill: RecordingWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: token === undefined ? params : { ...params, token },
  });
  onCleanup(() => {
    provider.destroy();
    doc.destroy();
  });
  return { doc, provider, received, acks };
}

/** Every review event (MessageType.review) a `?review=1` provider receives from now on. */
export function reviewEvents(client: TestClient): ReviewEvent[] {
  const events: ReviewEvent[] = [];
  client.provider.ws?.addEventListener('message', (event: MessageEvent) => {
    const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
    if (decoding.readVarUint(decoder) === MessageType.review) {
      events.push(JSON.parse(decoding.readVarString(decoder)) as ReviewEvent);
    }
  });
  return events;
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
    this.ws = new WebSocket(withDocToken(url), options);
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

/** A TCP port nothing listens on now (for processes a test starts itself). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
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

/**
 * Try a websocket upgrade that the server should refuse, and return the HTTP status and body it
 * answered with (fails if the upgrade is accepted).
 */
export function upgradeStatus(
  url: string,
  headers: Record<string, string> = {},
  protocols?: string[],
): Promise<{ status: number; body: string }> {
  const ws = new WebSocket(url, protocols, { headers });
  ws.on('error', () => {});
  onCleanup(() => ws.terminate());
  return within(
    new Promise((resolve, reject) => {
      ws.once('open', () => reject(new Error(`the upgrade to ${url} was accepted`)));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
    }),
    5000,
    `the server to refuse the upgrade to ${url}`,
  );
}

/** Everything the server delivers to a client from now on (updates whose origin is its provider). */
export function recordReceived(client: TestClient, into: Uint8Array[] = []): Uint8Array[] {
  client.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === client.provider) into.push(update);
  });
  return into;
}

/** True if applying `updates` to a copy of `doc` would change nothing (doc already has them). */
export function containsAll(doc: Y.Doc, updates: Uint8Array[]): boolean {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.snapshot(copy);
  for (const u of updates) Y.applyUpdate(copy, u);
  return Y.equalSnapshots(before, Y.snapshot(copy));
}
