import { CloseCode } from '@ratify/schema';
import type { Logger } from 'pino';
import type * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { FanOut } from '../fanout/fanout.js';
import type { Metrics } from '../metrics.js';
import { DocumentNotFoundError, isSharedStorage, type Storage } from '../storage/storage.js';
import type { Connection, FrameSink } from './connection.js';
import {
  type ClientFrame,
  encodePermissionDenied,
  encodeReviewPayload,
  encodeSavedAck,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncStep2FromUpdate,
  encodeUpdate,
} from './protocol.js';
import { type PresentUser, RoomPresence } from './room-presence.js';
import { SeqTracker } from './seq-tracker.js';
import { type SharedFrame, shareFrame } from './shared-frame.js';
import { followTitle } from './title-sync.js';

/** Transaction origins that are not a client connection. */
export const LOAD_ORIGIN = Symbol('load');
export const FANOUT_ORIGIN = Symbol('fanout');
/** An edit the server itself makes (e.g. the change-log row of an approval). */
export const SERVER_ORIGIN = Symbol('server');
/**
 * A freshly loaded room serves joiners from the stored snapshot and integrates it into its
 * Y.Doc (see `doc`) once every joiner has been answered and the bytes have left, checking this
 * often, and at the latest after STORED_STATE_MAX_WAIT_MS (a joiner's first frame takes one
 * network round trip to arrive).
 */
const STORED_STATE_POLL_MS = 5;
export const STORED_STATE_MAX_WAIT_MS = 1_000;

/**
 * `store: false` accepts an update that changes nothing without storing or applying it (what a
 * read-only client sends on connect).
 */
export type GuardVerdict = { allow: true; store: boolean } | { allow: false; reason: string };

/**
 * The permission hook on the edit path: decides, before anything is stored, whether this
 * connection may make every change in `update` (auth/guard.ts has the real one).
 */
export type UpdateGuard = (conn: Connection, update: Uint8Array, doc: Y.Doc) => GuardVerdict;

/** Everything is allowed: for tests and benchmarks of the edit path without permissions. */
export const allowAllUpdates: UpdateGuard = () => ({ allow: true, store: true });

/** What a room reports about its connections (the audit trail listens). */
export interface RoomEvents {
  refused(conn: Connection, reason: string): void;
  /** The document's content changed (after the change is durable and applied). */
  changed?(docId: string): void;
  /** A client's edit was stored and applied here: who made it (a version's contributors). */
  edited?(docId: string, userId: string): void;
}

export interface RoomDeps {
  storage: Storage;
  fanout: FanOut;
  metrics: Metrics;
  log: Logger;
  guard: UpdateGuard;
  events?: RoomEvents;
  compactionThreshold: number;
  /** Called whenever the room may have become idle (no connections, no work in flight). */
  onIdle: (room: Room) => void;
  /**
   * With a storage shared by instances: how often the room compares the stored head with what it
   * applied, to read what the fan-out missed (0: never).
   */
  headCheckMs?: number;
}

/** A hole in the numbered updates heard is given this long to fill before storage is read. */
const GAP_WAIT_MS = 250;

/**
 * One loaded document: its Y.Doc, awareness and connections. The edit path, in this order:
 * guard → storage.append (awaited, group-committed) → apply with the connection as origin →
 * broadcast the encoded frame once to every other connection and publish it to the fan-out →
 * saved ack to the sender if it asked. Nothing reaches another client before it is durable.
 */
export class Room implements FrameSink {
  private readonly ydoc = new Y.Doc();
  private readonly presence: RoomPresence;
  readonly connections = new Set<Connection>();
  private inFlight = 0;
  private compacting = false;
  private unsubscribe: (() => Promise<void>) | null = null;
  /** Which numbered updates are applied (storages shared by instances; null otherwise). */
  private seqs: SeqTracker | null = null;
  /** The number of the update being applied from this instance's own commit, to publish it. */
  private applyingSeq: number | undefined = undefined;
  private healTimer: NodeJS.Timeout | null = null;
  private headTimer: NodeJS.Timeout | null = null;
  private healing: Promise<void> | null = null;
  private destroyed = false;
  /** Receive time of the update being applied, for the broadcast latency histogram. */
  private applyStartedAt = 0;
  /**
   * The whole document as a sync step 2, for clients that have nothing yet: encoded once per
   * version of the document, so a crowd joining at once costs one encoding, not one each.
   */
  private fullStateStep2: Uint8Array | null = null;
  /**
   * A compacted snapshot read at load and not yet integrated into the Y.Doc. Until it is, clients
   * that know nothing are answered straight from these bytes, so after a restart nobody waits
   * for the server to rebuild a large document before their own copy can start loading.
   */
  private storedSnapshot: Uint8Array | null = null;
  private integrateTimer: NodeJS.Timeout | null = null;
  /** Connections that joined before the snapshot was integrated and have not been answered. */
  private readonly notYetAnswered = new Set<Connection>();
  private readonly stopFollowingTitle: () => void;

  private constructor(
    readonly docId: string,
    private readonly deps: RoomDeps,
  ) {
    this.presence = new RoomPresence(
      this.ydoc,
      (frame) => {
        for (const conn of this.connections) conn.send(frame);
      },
      (update) =>
        deps.fanout.publishAwareness(docId, update).catch((error: unknown) => {
          deps.log.debug({ docId, err: error }, 'publishing presence failed');
        }),
    );
    this.ydoc.on('update', this.onDocUpdate);
    this.stopFollowingTitle = followTitle(this.ydoc, {
      docId,
      storage: deps.storage,
      log: deps.log,
      skipOrigin: FANOUT_ORIGIN,
      track: (work) => this.track(work),
    });
  }

  /**
   * Subscribe to the fan-out first, then read storage, so nothing published in between is
   * missed. Resolves null when the document does not exist.
   */
  static async load(docId: string, deps: RoomDeps): Promise<Room | null> {
    const room = new Room(docId, deps);
    room.unsubscribe = await deps.fanout.subscribe(
      docId,
      (message) => {
        if (room.destroyed) return;
        if (message.kind === 'review') {
          // Already one encoded review frame's payload: sent on as it is.
          room.pushReviewFrame(shareFrame(encodeReviewPayload(message.update)));
          return;
        }
        if (message.kind === 'awareness') {
          try {
            room.presence.applyRemote(message.update);
          } catch (error) {
            deps.log.warn({ docId, err: error }, 'fan-out presence does not apply');
          }
          return;
        }
        try {
          Y.applyUpdate(room.doc, message.update, FANOUT_ORIGIN);
        } catch (error) {
          deps.log.error({ docId, err: error }, 'fan-out update does not apply');
          return;
        }
        if (message.seq !== undefined) room.heard(message.seq);
      },
      // The fan-out may have dropped messages (it reconnected): read what is stored.
      () => room.heal(),
    );
    let stored: Awaited<ReturnType<Storage['load']>>;
    try {
      stored = await deps.storage.load(docId);
    } catch (error) {
      await room.destroy();
      throw error;
    }
    if (stored === null) {
      await room.destroy();
      return null;
    }
    if (stored.head !== undefined && isSharedStorage(deps.storage)) {
      room.seqs = new SeqTracker(stored.head);
      const every = deps.headCheckMs ?? 0;
      if (every > 0) {
        room.headTimer = setInterval(() => void room.checkHead(), every);
        room.headTimer.unref();
      }
    }
    if (stored.snapshot !== null && stored.updates.length === 0) {
      // A compacted document (the usual state of one at rest): its snapshot is exactly what a
      // client that knows nothing should receive, garbage-collected like the doc's own encoding.
      room.storedSnapshot = stored.snapshot;
      room.fullStateStep2 = encodeSyncStep2FromUpdate(stored.snapshot);
      const loadedAt = performance.now();
      room.integrateTimer = setTimeout(
        () => room.integrateWhenSent(loadedAt),
        STORED_STATE_POLL_MS,
      );
      return room;
    }
    const parts = stored.snapshot === null ? stored.updates : [stored.snapshot, ...stored.updates];
    for (const part of parts) room.applyStored(part);
    return room;
  }

  /**
   * The live Y.Doc. Reading it integrates a pending stored snapshot first, so every path that
   * needs the real document state gets it; only answering a client that knows nothing skips it.
   */
  get doc(): Y.Doc {
    this.integrateStored();
    return this.ydoc;
  }

  private applyStored(part: Uint8Array): boolean {
    try {
      Y.applyUpdate(this.ydoc, part, LOAD_ORIGIN);
      return true;
    } catch (error) {
      // Validation keeps garbage out of storage; if a row is corrupt anyway, keep the rest.
      this.deps.log.error(
        { docId: this.docId, err: error },
        'skipping a stored update that does not apply',
      );
      return false;
    }
  }

  /** Integrate once every joiner is answered and the bytes have left (or after a bounded wait). */
  private integrateWhenSent(loadedAt: number): void {
    this.integrateTimer = null;
    if (this.storedSnapshot === null || this.destroyed) return;
    const waiting = [...this.connections].some(
      (conn) => this.notYetAnswered.has(conn) || conn.bufferedBytes > 0,
    );
    if (waiting && performance.now() - loadedAt < STORED_STATE_MAX_WAIT_MS) {
      this.integrateTimer = setTimeout(
        () => this.integrateWhenSent(loadedAt),
        STORED_STATE_POLL_MS,
      );
      return;
    }
    this.integrateStored();
  }

  private integrateStored(): void {
    const snapshot = this.storedSnapshot;
    if (snapshot === null) return;
    this.storedSnapshot = null;
    if (this.integrateTimer !== null) clearTimeout(this.integrateTimer);
    this.integrateTimer = null;
    const answered = this.fullStateStep2;
    // Every other change goes through `doc` and so waits for this: the doc now holds exactly the
    // snapshot, and the bytes already served stay valid as its full state.
    this.fullStateStep2 = this.applyStored(snapshot) ? answered : null;
    // Everyone here joined while the snapshot was pending, so nobody has had our step 1 yet.
    for (const conn of this.connections) conn.send(encodeSyncStep1(this.ydoc));
    this.notYetAnswered.clear();
  }

  /** The room's awareness (presence) states. */
  get awareness(): awarenessProtocol.Awareness {
    return this.presence.awareness;
  }

  /** Who has the document open (see RoomPresence.presentUsers). */
  presentUsers(limit?: number): PresentUser[] {
    return this.presence.presentUsers(limit);
  }

  get idle(): boolean {
    return this.connections.size === 0 && this.inFlight === 0;
  }

  join(conn: Connection): void {
    this.connections.add(conn);
    if (this.storedSnapshot === null) conn.send(encodeSyncStep1(this.ydoc));
    else this.notYetAnswered.add(conn);
    const states = this.presence.allStatesFrame();
    if (states !== null) conn.send(states);
  }

  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    // Once its queued frames are done, clear the awareness states this connection announced.
    this.track(conn.enqueue(() => this.presence.forget(conn)));
  }

  receive(conn: Connection, frame: ClientFrame): void {
    switch (frame.kind) {
      case 'syncStep1':
        this.track(
          conn.enqueue(() => {
            conn.send(this.syncStep2For(frame.stateVector));
            this.notYetAnswered.delete(conn);
          }),
        );
        return;
      case 'update':
        this.receiveUpdate(conn, frame.update, frame.empty);
        return;
      case 'awareness':
        this.track(conn.enqueue(() => this.presence.applyFrom(conn, frame.update)));
        return;
      case 'queryAwareness':
        this.track(conn.enqueue(() => conn.send(this.presence.queryReply())));
        return;
    }
  }

  private syncStep2For(stateVector: Uint8Array): Uint8Array {
    const knowsNothing = stateVector.length === 1 && stateVector[0] === 0;
    if (!knowsNothing) return encodeSyncStep2(this.doc, stateVector);
    this.fullStateStep2 ??= encodeSyncStep2(this.doc, stateVector);
    return this.fullStateStep2;
  }

  private receiveUpdate(conn: Connection, update: Uint8Array, empty: boolean): void {
    const { metrics, storage, guard } = this.deps;
    const receivedAt = performance.now();
    metrics.updatesReceived.inc();
    const verdict = guard(conn, update, this.doc);
    if (!verdict.allow) {
      // Refused whole: nothing of it is stored, applied or sent on. The client learns why.
      conn.send(encodePermissionDenied(verdict.reason));
      conn.reject('forbidden', CloseCode.forbidden, verdict.reason);
      this.deps.events?.refused(conn, verdict.reason);
      return;
    }
    if (!verdict.store) {
      // Accepted, and changes nothing: count it in the client's saved acks, store nothing.
      this.track(
        conn.enqueue(() => {
          conn.durableUpdates++;
          if (conn.wantsAck) conn.send(encodeSavedAck(conn.durableUpdates));
        }),
      );
      return;
    }
    // Start the append now (it joins the next group commit); apply strictly in arrival order.
    const durable = empty
      ? Promise.resolve(null)
      : storage.append(this.docId, update).then((result) => {
          metrics.persistSeconds.observe((performance.now() - receivedAt) / 1000);
          return result;
        });
    durable.catch(() => {}); // observed below, in order; avoid an unhandled rejection meanwhile
    this.track(
      conn.enqueue(async () => {
        let result: Awaited<typeof durable>;
        try {
          result = await durable;
        } catch (error) {
          if (error instanceof DocumentNotFoundError) {
            conn.close(CloseCode.documentNotFound, 'document was deleted');
            return;
          }
          throw error;
        }
        if (this.destroyed) return;
        this.applyStartedAt = receivedAt;
        this.applyingSeq = result?.seq;
        try {
          Y.applyUpdate(this.doc, update, conn);
        } finally {
          this.applyStartedAt = 0;
          this.applyingSeq = undefined;
        }
        if (result?.seq !== undefined) this.heard(result.seq);
        if (!empty) this.deps.events?.edited?.(this.docId, conn.principal.userId);
        conn.durableUpdates++;
        if (conn.wantsAck) conn.send(encodeSavedAck(conn.durableUpdates));
        if (result !== null && result.logLength >= this.deps.compactionThreshold) {
          this.compact();
        }
      }),
    );
  }

  /**
   * An edit by the server, on the same path as a client's: `change` runs on a copy of the
   * current state, the difference is stored, then applied and broadcast to everyone. Resolves
   * once it is durable and applied; false if it changed nothing.
   */
  async applyServerChange(change: (doc: Y.Doc) => void): Promise<boolean> {
    const copy = new Y.Doc({ gc: false });
    let update: Uint8Array;
    try {
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
      const before = Y.encodeStateVector(copy);
      change(copy);
      update = Y.encodeStateAsUpdate(copy, before);
    } finally {
      copy.destroy();
    }
    const { structs, ds } = Y.decodeUpdate(update);
    if (structs.length === 0 && ds.clients.size === 0) return false;
    const work = this.deps.storage.append(this.docId, update).then((result) => {
      if (this.destroyed) return;
      this.applyingSeq = result.seq;
      try {
        Y.applyUpdate(this.doc, update, SERVER_ORIGIN);
      } finally {
        this.applyingSeq = undefined;
      }
      if (result.seq !== undefined) this.heard(result.seq);
    });
    this.track(work);
    await work;
    return true;
  }

  private compact(): void {
    if (this.compacting) return;
    this.compacting = true;
    this.track(
      this.deps.storage
        .compact(this.docId)
        .then(({ merged }) => this.deps.log.debug({ docId: this.docId, merged }, 'compacted'))
        .catch((error: unknown) =>
          this.deps.log.error({ docId: this.docId, err: error }, 'compaction failed'),
        )
        .finally(() => {
          this.compacting = false;
        }),
    );
  }

  /** Broadcast whatever actually changed the doc: encode once, send the same bytes to all. */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.fullStateStep2 = null;
    if (origin === LOAD_ORIGIN) return;
    const frame = shareFrame(encodeUpdate(update));
    for (const conn of this.connections) {
      if (conn !== origin) conn.send(frame);
    }
    if (origin !== FANOUT_ORIGIN) {
      // Instances that miss it (Redis down) read it from storage by its number later.
      this.deps.fanout.publish(this.docId, update, this.applyingSeq).catch((error: unknown) => {
        this.deps.log.warn({ docId: this.docId, err: error }, 'fan-out publish failed');
      });
    }
    if (this.applyStartedAt > 0) {
      this.deps.metrics.broadcastSeconds.observe((performance.now() - this.applyStartedAt) / 1000);
    }
    this.deps.events?.changed?.(this.docId);
  };

  /** Count work in flight so the hub never unloads a room that is still persisting. */
  private track(work: Promise<unknown>): void {
    this.inFlight++;
    void work.finally(() => {
      this.inFlight--;
      if (this.idle) this.deps.onIdle(this);
    });
  }

  /** Send a review frame to this room's connections that asked for review changes. */
  pushReviewFrame(frame: SharedFrame): void {
    for (const conn of this.connections) if (conn.wantsReview) conn.send(frame);
  }

  /** A numbered update was applied; a hole that does not fill soon is read from storage. */
  private heard(seq: number): void {
    const seqs = this.seqs;
    if (seqs === null) return;
    seqs.see(seq);
    if (seqs.hasGap && this.healTimer === null && !this.destroyed) {
      this.healTimer = setTimeout(() => {
        this.healTimer = null;
        if (seqs.hasGap) void this.heal();
      }, GAP_WAIT_MS);
      this.healTimer.unref();
    }
  }

  /** The stored head is ahead of what was applied: something was missed. */
  private async checkHead(): Promise<void> {
    const { storage } = this.deps;
    if (this.seqs === null || this.destroyed || !isSharedStorage(storage)) return;
    try {
      const head = await storage.head(this.docId);
      if (head !== null && head > this.seqs.head) await this.heal();
    } catch (error) {
      this.deps.log.warn({ docId: this.docId, err: error }, 'checking the stored head failed');
    }
  }

  /**
   * Read and apply what was committed (by any instance) after the last update applied in order;
   * the whole stored state when those updates were compacted away. One at a time.
   */
  heal(): Promise<void> {
    this.healing ??= this.readMissed().finally(() => {
      this.healing = null;
    });
    return this.healing;
  }

  private async readMissed(): Promise<void> {
    const { storage, log } = this.deps;
    const seqs = this.seqs;
    if (seqs === null || this.destroyed || !isSharedStorage(storage)) return;
    try {
      const since = await storage.updatesSince(this.docId, seqs.head);
      if (this.destroyed) return;
      if (since !== null) {
        for (const update of since.updates) Y.applyUpdate(this.doc, update, FANOUT_ORIGIN);
        seqs.advanceTo(since.head);
        return;
      }
      const stored = await storage.load(this.docId);
      if (stored === null || this.destroyed) return;
      if (stored.snapshot !== null) Y.applyUpdate(this.doc, stored.snapshot, FANOUT_ORIGIN);
      for (const update of stored.updates) Y.applyUpdate(this.doc, update, FANOUT_ORIGIN);
      if (stored.head !== undefined) seqs.advanceTo(stored.head);
    } catch (error) {
      log.warn({ docId: this.docId, err: error }, 'reading missed updates failed');
    }
  }

  /** Close every connection with `code`; used for deletion and shutdown. */
  closeAll(code: number, reason: string): void {
    for (const conn of this.connections) conn.close(code, reason);
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.integrateTimer !== null) clearTimeout(this.integrateTimer);
    if (this.healTimer !== null) clearTimeout(this.healTimer);
    if (this.headTimer !== null) clearInterval(this.headTimer);
    this.storedSnapshot = null;
    this.ydoc.off('update', this.onDocUpdate);
    this.stopFollowingTitle();
    this.presence.destroy();
    this.ydoc.destroy();
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    if (unsubscribe !== null) await unsubscribe();
  }
}
