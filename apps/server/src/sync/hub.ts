import { CloseCode, type ReviewEvent } from '@ratify/schema';
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import type { AccessChange } from '../auth/access-events.js';
import type { Principal } from '../auth/principal.js';
import type { FanOut } from '../fanout/fanout.js';
import type { PresenceQueries } from '../fanout/presence-queries.js';
import type { Metrics } from '../metrics.js';
import { DocumentNotFoundError, type Storage } from '../storage/storage.js';
import { Connection, type ConnectionLimits } from './connection.js';
import { encodeReviewPayload } from './protocol.js';
import { allowAllUpdates, Room, type RoomEvents, type UpdateGuard } from './room.js';
import { shareFrame } from './shared-frame.js';

export interface HubOptions {
  storage: Storage;
  fanout: FanOut;
  metrics: Metrics;
  log: Logger;
  limits: ConnectionLimits;
  unloadGraceMs: number;
  compactionThreshold: number;
  pingIntervalMs: number;
  /**
   * Presence at a moment (sign-offs): a connection heard from within `freshMs` counts, else it
   * must answer a ping within `timeoutMs`.
   */
  presence: { freshMs: number; timeoutMs: number };
  /** With instances sharing storage: how often a room checks the stored head (0: never). */
  headCheckMs?: number;
  /** With several instances: ask the others whether a signer is connected there. */
  presenceQueries?: PresenceQueries;
  guard?: UpdateGuard;
  events?: HubEvents;
}

/** What the hub reports about connections (the audit trail listens). */
export interface HubEvents extends RoomEvents {
  /** A connection joined its document's room. */
  joined(conn: Connection): void;
  /** A connection that had joined closed. */
  left(conn: Connection): void;
}

/** A remote answer also crosses Redis twice: wait this much longer than a local ping. */
const REMOTE_PRESENCE_MARGIN_MS = 500;

/** At shutdown, rooms are compacted (see compactAtRest) until this much time has passed. */
const SHUTDOWN_COMPACTION_BUDGET_MS = 3_000;

interface Entry {
  docId: string;
  loading: Promise<Room | null>;
  room: Room | null;
  /** Connections holding this room (from before the load finishes until they close). */
  refs: number;
  unloadTimer: NodeJS.Timeout | null;
}

/**
 * The loaded rooms. A room loads on its first connection (concurrent first connections share
 * one load), stays while anyone is connected or work is in flight, and unloads after a grace
 * period, so memory follows active documents.
 */
export class Hub {
  private readonly entries = new Map<string, Entry>();
  private readonly connections = new Set<Connection>();
  private readonly heartbeat: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly options: HubOptions) {
    this.heartbeat = setInterval(() => {
      for (const conn of this.connections) conn.heartbeat();
    }, options.pingIntervalMs);
    this.heartbeat.unref();
  }

  get loadedDocIds(): string[] {
    return [...this.entries.values()].filter((e) => e.room !== null).map((e) => e.docId);
  }

  /**
   * Run `work` on the document's room, loading it for the call if nobody has it open (it then
   * unloads as usual afterwards); null when the document does not exist.
   */
  async withRoom<T>(docId: string, work: (room: Room) => Promise<T>): Promise<T | null> {
    const entry = this.acquire(docId);
    try {
      const room = await entry.loading;
      return room === null ? null : await work(room);
    } finally {
      this.release(entry);
    }
  }

  /** The live room for a document, if it is loaded. */
  liveRoom(docId: string): Room | null {
    return this.entries.get(docId)?.room ?? null;
  }

  /** Take over an upgraded socket for `docId` (id and principal already checked). */
  accept(
    ws: WebSocket,
    docId: string,
    wants: { ack: boolean; review: boolean },
    principal: Principal,
  ): Connection | null {
    const { metrics, log, limits } = this.options;
    if (this.closing) {
      ws.close(CloseCode.serviceRestart, 'server is shutting down');
      return null;
    }
    const conn = new Connection(
      ws,
      docId,
      wants.ack,
      wants.review,
      principal,
      limits,
      metrics,
      log,
    );
    this.connections.add(conn);
    void conn.whenClosed.then(() => this.connections.delete(conn));
    const entry = this.acquire(docId);
    entry.loading.then(
      (room) => {
        if (room === null) {
          conn.close(CloseCode.documentNotFound, 'document not found');
          return;
        }
        room.join(conn);
        conn.attach(room);
        this.options.events?.joined(conn);
        void conn.whenClosed.then(() => {
          this.options.events?.left(conn);
          this.release(entry);
        });
      },
      (error: unknown) => {
        log.error({ docId, err: error }, 'loading the document failed');
        conn.close(1011, 'could not load the document');
      },
    );
    return conn;
  }

  /** The accounts with a live, authenticated connection to the document here, now. */
  presentUserIds(docId: string): Set<string> {
    const ids = new Set<string>();
    for (const conn of this.liveRoom(docId)?.connections ?? []) {
      if (conn.isOpen) ids.add(conn.principal.userId);
    }
    return ids;
  }

  /**
   * Whether the account is present at this moment: one of its connections to the document was
   * heard from just now, or answers a ping in time (options.presence).
   */
  async confirmPresent(docId: string, userId: string): Promise<boolean> {
    if (await this.confirmPresentHere(docId, userId)) return true;
    // Connected to another instance? The instance holding the connection confirms it the same
    // way (heard from just now, or answering a ping); no answer in time counts as absent. Not
    // short-cut by presence states: a client need not publish any to be connected.
    const queries = this.options.presenceQueries;
    if (queries === undefined) return false;
    return queries.ask(docId, userId, this.options.presence.timeoutMs + REMOTE_PRESENCE_MARGIN_MS);
  }

  /** The same, counting only this instance's connections (what other instances are told). */
  async confirmPresentHere(docId: string, userId: string): Promise<boolean> {
    const conns = [...(this.liveRoom(docId)?.connections ?? [])].filter(
      (conn) => conn.isOpen && conn.principal.userId === userId,
    );
    if (conns.length === 0) return false;
    const { freshMs, timeoutMs } = this.options.presence;
    const answers = conns.map((conn) => conn.confirmAlive(freshMs, timeoutMs));
    return new Promise((resolve) => {
      let pending = answers.length;
      for (const answer of answers) {
        void answer.then((alive) => {
          pending--;
          if (alive) resolve(true);
          else if (pending === 0) resolve(false);
        });
      }
    });
  }

  /**
   * Push a review change to every connection of the document that asked for them, here and on
   * the other instances (the document may be open there too, or only there).
   */
  pushReview(docId: string, event: ReviewEvent): void {
    const json = new TextEncoder().encode(JSON.stringify(event));
    this.options.fanout.publishReview(docId, json).catch((error: unknown) => {
      this.options.log.warn({ docId, err: error }, 'publishing a review change failed');
    });
    this.liveRoom(docId)?.pushReviewFrame(shareFrame(encodeReviewPayload(json)));
  }

  /**
   * Close the open connections an access change affects: a role change or removal with 4403,
   * an ended credential with 4401. Clients reconnect and are let in (or not) under the new rule.
   */
  applyAccessChange(change: AccessChange): void {
    for (const conn of this.connections) {
      if (change.kind === 'members') {
        if (conn.docId !== change.docId || !change.userIds.includes(conn.principal.userId)) {
          continue;
        }
        conn.close(
          CloseCode.forbidden,
          change.removed ? 'your access was removed' : 'your role changed',
        );
      } else if (change.kind === 'account_disabled') {
        if (conn.principal.userId === change.userId) {
          conn.close(CloseCode.unauthorized, 'your account was disabled');
        }
      } else if (change.credentialIds.includes(conn.principal.credentialId)) {
        conn.close(CloseCode.unauthorized, 'signed out');
      }
    }
  }

  /** The credentials behind the open connections here, each once (auth/credential-watch.ts). */
  openCredentialIds(): string[] {
    const ids = new Set<string>();
    for (const conn of this.connections) if (conn.isOpen) ids.add(conn.principal.credentialId);
    return [...ids];
  }

  /** Close the connections here that these credentials opened (with 4401). */
  closeCredentials(credentialIds: string[], reason: string): void {
    const ended = new Set(credentialIds);
    for (const conn of this.connections) {
      if (ended.has(conn.principal.credentialId)) conn.close(CloseCode.unauthorized, reason);
    }
  }

  /** Close every connection to a document (it was deleted) and drop the room at once. */
  async evict(docId: string, code: number, reason: string): Promise<void> {
    const entry = this.entries.get(docId);
    if (entry === undefined) return;
    this.entries.delete(docId);
    this.clearTimer(entry);
    const room = await entry.loading.catch(() => null);
    if (room === null) return;
    room.closeAll(code, reason);
    this.options.metrics.loadedDocs.dec();
    await room.destroy();
  }

  /**
   * Shutdown: refuse new sockets, close every socket with 1012, wait until every frame already
   * received has been committed and applied, then drop the rooms. Storage is closed by the caller.
   */
  async shutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    const conns = [...this.connections];
    for (const conn of conns) conn.close(CloseCode.serviceRestart, 'server is restarting');
    await Promise.all(conns.map((c) => Promise.all([c.idle(), c.whenClosed])));
    const deadline = performance.now() + SHUTDOWN_COMPACTION_BUDGET_MS;
    for (const docId of [...this.entries.keys()]) {
      await this.evict(docId, CloseCode.serviceRestart, 'server is restarting');
      if (performance.now() < deadline) await this.compactAtRest(docId);
    }
  }

  private acquire(docId: string): Entry {
    const existing = this.entries.get(docId);
    if (existing !== undefined) {
      existing.refs++;
      this.clearTimer(existing);
      return existing;
    }
    const entry: Entry = {
      docId,
      loading: Promise.resolve(null),
      room: null,
      refs: 1,
      unloadTimer: null,
    };
    const { storage, fanout, metrics, log, guard, events, compactionThreshold } = this.options;
    entry.loading = Room.load(docId, {
      storage,
      fanout,
      metrics,
      log,
      guard: guard ?? allowAllUpdates,
      ...(events !== undefined ? { events } : {}),
      compactionThreshold,
      headCheckMs: this.options.headCheckMs ?? 0,
      onIdle: () => this.maybeUnload(entry),
    }).then(
      (room) => {
        if (room === null) {
          this.forget(entry);
          return null;
        }
        if (this.entries.get(docId) !== entry) {
          // Evicted while loading (deleted): never serve it.
          void room.destroy();
          return null;
        }
        entry.room = room;
        metrics.loadedDocs.inc();
        return room;
      },
      (error: unknown) => {
        this.forget(entry);
        throw error;
      },
    );
    this.entries.set(docId, entry);
    return entry;
  }

  private release(entry: Entry): void {
    entry.refs--;
    this.maybeUnload(entry);
  }

  private maybeUnload(entry: Entry): void {
    const room = entry.room;
    if (room === null || entry.refs > 0 || !room.idle || entry.unloadTimer !== null) return;
    if (this.entries.get(entry.docId) !== entry) return;
    entry.unloadTimer = setTimeout(() => {
      entry.unloadTimer = null;
      if (entry.refs > 0 || !room.idle || this.entries.get(entry.docId) !== entry) return;
      this.entries.delete(entry.docId);
      this.options.metrics.loadedDocs.dec();
      void room.destroy().then(() => this.compactAtRest(entry.docId));
      this.options.log.debug({ docId: entry.docId }, 'unloaded document');
    }, this.options.unloadGraceMs);
    entry.unloadTimer.unref();
  }

  /**
   * Fold the log of a document nobody here has open into its snapshot: the next load then reads
   * one garbage-collected snapshot that can be served as it is (see Room.load).
   */
  private async compactAtRest(docId: string): Promise<void> {
    const { storage, log } = this.options;
    try {
      const { merged } = await storage.compact(docId);
      if (merged > 0) log.debug({ docId, merged }, 'compacted at rest');
    } catch (error) {
      if (!(error instanceof DocumentNotFoundError)) {
        log.warn({ docId, err: error }, 'compaction at rest failed');
      }
    }
  }

  private clearTimer(entry: Entry): void {
    if (entry.unloadTimer !== null) clearTimeout(entry.unloadTimer);
    entry.unloadTimer = null;
  }

  private forget(entry: Entry): void {
    if (this.entries.get(entry.docId) === entry) this.entries.delete(entry.docId);
  }
}
