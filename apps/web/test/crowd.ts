// A crowd in one document, simulated from Node: N accounts, each with a real y-websocket
// connection and the awareness state the web app publishes (name, colour, section, a caret
// that moves about once a second), some of them typing. Shared by the 200-collaborator e2e test
// and the browser-crowd benchmark; no test-runner imports here.
import { contentFragment, ID_ATTR } from '@ratify/schema';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

const SYNC = 0;
const AWARENESS = 1;
const CROWD_PASSWORD = 'crowd member passphrase 1';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz ';

/** What a remote edit carries so the page can tell when it appeared: `⁅42⁆`. */
export const markerText = (seq: number) => `⁅${seq}⁆`;
export const MARKER_PATTERN = /⁅(\d+)⁆/g;

/** Every marker's seq in a frame's bytes (Yjs carries inserted text as UTF-8). */
const utf8 = new TextDecoder('utf-8', { fatal: false });
function markersIn(bytes: Uint8Array): number[] {
  const text = utf8.decode(bytes);
  return [...text.matchAll(MARKER_PATTERN)].map((match) => Number(match[1]));
}

export interface CrowdMember {
  id: string;
  name: string;
  email: string;
  /** Bearer for the REST API. */
  token: string;
  /** The document token its connection opens with. */
  docToken: string;
}

const GIVEN = [
  'Ada',
  'Ben',
  'Cleo',
  'Dev',
  'Elif',
  'Femi',
  'Gus',
  'Hana',
  'Ivo',
  'Jun',
  'Kira',
  'Lars',
  'Mina',
  'Noor',
  'Omar',
  'Pia',
  'Quinn',
  'Rafa',
  'Sami',
  'Tove',
  'Uma',
  'Vik',
  'Wren',
  'Xiu',
  'Yara',
  'Zed',
];
const FAMILY = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Silva', 'Novak', 'Haddad', 'Brennan'];

/** A distinct, readable name for crowd member `i`. */
export const crowdName = (i: number) =>
  `${GIVEN[i % GIVEN.length]} ${FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]} ${i + 1}`;

async function call<T>(
  baseURL: string,
  method: string,
  path: string,
  bearer: string | null,
  body?: unknown,
  expected = [200, 201],
): Promise<T> {
  const response = await fetch(`${baseURL}/api${path}`, {
    method,
    headers: {
      ...(bearer !== null ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!expected.includes(response.status)) {
    throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  }
  return (text === '' ? {} : JSON.parse(text)) as T;
}

/** Run `work` for 0…n-1, at most `concurrency` at a time; results in order. */
async function pooled<T>(n: number, concurrency: number, work: (i: number) => Promise<T>) {
  const results = new Array<T>(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return results;
}

/**
 * Sign up `n` accounts, make each an editor of the document (as its owner) and mint each its
 * document token. Sign-ups hash a password each (scrypt), so they run a few at a time.
 */
export async function crowdMembers(
  baseURL: string,
  ownerToken: string,
  docId: string,
  n: number,
  tag = Math.random().toString(36).slice(2, 8),
): Promise<CrowdMember[]> {
  return pooled(n, 4, async (i) => {
    const name = crowdName(i);
    const email = `crowd-${tag}-${i + 1}@bench.test`;
    const signedUp = await call<{ user: { id: string }; token: string }>(
      baseURL,
      'POST',
      '/auth/signup',
      null,
      { email, password: CROWD_PASSWORD, name },
    );
    await call(baseURL, 'POST', `/docs/${docId}/members`, ownerToken, { email, role: 'editor' });
    const { token: docToken } = await call<{ token: string }>(
      baseURL,
      'POST',
      `/docs/${docId}/token`,
      signedUp.token,
    );
    return { id: signedUp.user.id, name, email, token: signedUp.token, docToken };
  });
}

/** A place a caret can be: a text node of the document, and the section it is in. */
interface Spot {
  text: Y.XmlText;
  sectionId: string | null;
}

/** Every text node of the document's content outside headings, with its section (the heading before it). */
function spotsIn(doc: Y.Doc): Spot[] {
  const spots: Spot[] = [];
  let sectionId: string | null = null;
  const walk = (node: Y.XmlElement | Y.XmlText) => {
    if (node instanceof Y.XmlText) {
      spots.push({ text: node, sectionId });
      return;
    }
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlElement || child instanceof Y.XmlText) walk(child);
    }
  };
  for (const block of contentFragment(doc).toArray()) {
    if (block instanceof Y.XmlElement && block.nodeName === 'heading') {
      // Headings start sections; nobody types into them here (that would rename sections).
      const id = block.getAttribute(ID_ATTR);
      sectionId = typeof id === 'string' ? id : sectionId;
      continue;
    }
    if (block instanceof Y.XmlElement || block instanceof Y.XmlText) walk(block);
  }
  return spots;
}

/** The caret the web app's caret plugin publishes: anchor and head as relative positions. */
function caretAt(text: Y.XmlText, index: number) {
  const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index));
  return { anchor: at, head: at };
}

function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, clientId);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, JSON.stringify(state));
  return frame(AWARENESS, (e) => encoding.writeVarUint8Array(e, encoding.toUint8Array(update)));
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.binaryType = 'nodebuffer';
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * One collaborator: a connection under its own account and its awareness. A watcher does not
 * keep a copy of the document (it ignores what it receives); a typist does, and edits it.
 */
class Collaborator {
  readonly clientId = 1 + Math.floor(Math.random() * 0x7ffffffe);
  private clock = 0;
  readonly doc: Y.Doc | null;
  readonly synced: Promise<void>;

  /** For a typist: when each marker first arrived from the server (Date.now()). */
  readonly markersSeen = new Map<number, number>();

  private constructor(
    readonly member: CrowdMember,
    private readonly socket: WebSocket,
    typist: boolean,
  ) {
    this.doc = typist ? new Y.Doc() : null;
    let markSynced = () => {};
    this.synced = this.doc === null ? Promise.resolve() : new Promise((r) => (markSynced = r));
    const doc = this.doc;
    if (doc === null) return;
    socket.on('message', (data: Buffer) => {
      const at = Date.now();
      for (const seq of markersIn(data))
        if (!this.markersSeen.has(seq)) this.markersSeen.set(seq, at);
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== SYNC) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, SYNC);
      const kind = syncProtocol.readSyncMessage(decoder, encoder, doc, this);
      if (encoding.length(encoder) > 1) this.send(encoding.toUint8Array(encoder));
      if (kind === syncProtocol.messageYjsSyncStep2) markSynced();
    });
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) {
        this.send(frame(SYNC, (e) => syncProtocol.writeUpdate(e, update)));
      }
    });
    this.send(frame(SYNC, (e) => syncProtocol.writeSyncStep1(e, doc)));
  }

  static async connect(
    syncUrl: string,
    docId: string,
    member: CrowdMember,
    typist: boolean,
  ): Promise<Collaborator> {
    const socket = await open(
      `${syncUrl}/${encodeURIComponent(docId)}?token=${encodeURIComponent(member.docToken)}`,
    );
    return new Collaborator(member, socket, typist);
  }

  private send(bytes: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(bytes);
  }

  /** Publish the state the web app publishes, with the caret at `index` in `spot`. */
  publish(spot: Spot, index: number): void {
    this.send(
      awarenessFrame(this.clientId, ++this.clock, {
        user: { id: this.member.id, name: this.member.name, color: '#777777' },
        lastActiveAt: Date.now(),
        away: false,
        sectionId: spot.sectionId,
        cursor: caretAt(spot.text, index),
      }),
    );
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  close(): void {
    // Leave as a closing tab does: the awareness state is removed, then the socket closes.
    this.send(awarenessFrame(this.clientId, ++this.clock, null));
    this.socket.close();
    this.doc?.destroy();
  }
}

export interface CrowdActivity {
  /** Each watcher moves its caret this often (staggered). */
  caretEveryMs?: number;
  /** Each typist's keystrokes per second. */
  typingPerSecond?: number;
  /** Every this many keystrokes a typist types a marker (`⁅seq⁆`) instead of a letter. */
  markerEvery?: number;
}

/**
 * N collaborators in one document: the first `typists` keep a copy and type, each into a
 * section of its own; the rest move their carets about. `sentAt` holds when each marker was
 * typed (Date.now(), the same clock a page on this machine reads).
 */
export class Crowd {
  readonly sentAt = new Map<number, number>();
  private timers: NodeJS.Timeout[] = [];
  private seq = 0;

  private constructor(
    readonly collaborators: Collaborator[],
    private readonly typists: Collaborator[],
  ) {}

  static async join(options: {
    syncUrl: string;
    docId: string;
    members: CrowdMember[];
    typists: number;
  }): Promise<Crowd> {
    const { syncUrl, docId, members } = options;
    const typistCount = Math.min(options.typists, members.length);
    const typists = await Promise.all(
      members
        .slice(0, typistCount)
        .map((member) => Collaborator.connect(syncUrl, docId, member, true)),
    );
    await Promise.all(typists.map((t) => t.synced));
    const watchers: Collaborator[] = [];
    const rest = members.slice(typistCount);
    for (let i = 0; i < rest.length; i += 25) {
      watchers.push(
        ...(await Promise.all(
          rest
            .slice(i, i + 25)
            .map((member) => Collaborator.connect(syncUrl, docId, member, false)),
        )),
      );
    }
    return new Crowd([...typists, ...watchers], typists);
  }

  /** The copy positions are taken from: the first typist's (every crowd has one). */
  private get doc(): Y.Doc {
    const doc = this.typists[0]?.doc;
    if (!doc) throw new Error('a crowd needs at least one typist');
    return doc;
  }

  /** Start moving carets and typing; call stop() to end it. */
  start(activity: CrowdActivity = {}): void {
    const caretEveryMs = activity.caretEveryMs ?? 1_000;
    const keystrokeMs = 1_000 / (activity.typingPerSecond ?? 5);
    const markerEvery = activity.markerEvery ?? 10;
    const spots = spotsIn(this.doc).filter((spot) => spot.sectionId !== null);
    if (spots.length === 0) throw new Error('the document has no text in any section');
    const random = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)] as T;

    // Typists: each into a text node of a different section, spread over the document.
    const sections = [...new Set(spots.map((s) => s.sectionId))];
    this.typists.forEach((typist, i) => {
      const sectionId = sections[Math.floor((i * sections.length) / this.typists.length)];
      // Its own copy's text node: the edit is made there and sent from there.
      const own = spotsIn(typist.doc as Y.Doc).filter((s) => s.sectionId !== null);
      const spot = own.find((s) => s.sectionId === sectionId) ?? (own[0] as Spot);
      let keystrokes = 0;
      const type = () => {
        keystrokes++;
        const marker = keystrokes % markerEvery === 0;
        const text = marker ? markerText(++this.seq) : LETTERS.charAt(keystrokes % LETTERS.length);
        if (marker) this.sentAt.set(this.seq, Date.now());
        spot.text.insert(spot.text.length, text);
        typist.publish(spot, spot.text.length);
      };
      this.later(Math.random() * keystrokeMs, () =>
        this.timers.push(setInterval(type, keystrokeMs)),
      );
    });

    const watchers = this.collaborators.slice(this.typists.length);
    for (const watcher of watchers) {
      const move = () => {
        const spot = random(spots);
        watcher.publish(spot, Math.floor(Math.random() * (spot.text.length + 1)));
      };
      move();
      this.later(Math.random() * caretEveryMs, () =>
        this.timers.push(setInterval(move, caretEveryMs)),
      );
    }
  }

  private later(ms: number, run: () => void): void {
    this.timers.push(setTimeout(run, ms));
  }

  /**
   * When each marker reached the last typist (another client, over the server alone): the
   * server's part of a remote edit's delay, without any browser.
   */
  get relayedAt(): ReadonlyMap<number, number> {
    return this.typists.at(-1)?.markersSeen ?? new Map();
  }

  /** How many collaborators still have an open connection. */
  get openCount(): number {
    return this.collaborators.filter((c) => c.isOpen).length;
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  close(): void {
    this.stop();
    for (const collaborator of this.collaborators) collaborator.close();
  }
}
