import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Principal } from '../auth/principal.js';
import { Connection } from './connection.js';
import {
  type AwarenessEntry,
  decodeAwarenessEntries,
  encodeAwareness,
  encodeAwarenessEntries,
} from './protocol.js';
import { type SharedFrame, shareFrame } from './shared-frame.js';

/** Transaction origin for states cleared because their connection left. */
const LEAVE_ORIGIN = Symbol('leave');
/** Transaction origin for states that came from another instance's clients. */
const REMOTE_ORIGIN = Symbol('remote');

export interface PresentUser {
  name: string;
  color: string;
}
const MAX_PRESENT_USERS = 20;

/** Awareness is broadcast at most this often per room (see scheduleFlush). */
export const AWARENESS_FLUSH_MS = 20;

/**
 * A room's presence (y-protocols awareness): who owns which awareness client id, batching of
 * changes into one frame per window, clearing what a departed connection announced, and the
 * list of who is present. The server is not a participant and has no state of its own.
 */
export class RoomPresence {
  readonly awareness: awarenessProtocol.Awareness;
  /** Which connection announced each awareness client id first (and so may change it). */
  private readonly owners = new Map<number, Connection>();
  /** Client ids another instance's clients announced: no connection here may set them. */
  private readonly remote = new Set<number>();
  /** Client ids changed since the last broadcast. */
  private readonly pending = new Set<number>();
  /** Of those, the ones this instance's clients changed (what other instances are told). */
  private readonly pendingOwn = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private lastFlush = Number.NEGATIVE_INFINITY;
  private destroyed = false;

  constructor(
    doc: Y.Doc,
    /** Send one frame to every connection of the room. */
    private readonly broadcast: (frame: SharedFrame) => void,
    /** Tell the other instances about this instance's clients' changes (an awareness update). */
    private readonly publish: (update: Uint8Array) => void = () => {},
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onUpdate);
  }

  /**
   * Who has the document open, from the presence each editor publishes (`user: { name,
   * color }`); one entry per distinct user, at most `limit`.
   */
  presentUsers(limit = MAX_PRESENT_USERS): PresentUser[] {
    const users = new Map<string, PresentUser>();
    for (const state of this.awareness.getStates().values()) {
      const user = (state as { user?: unknown }).user;
      if (typeof user !== 'object' || user === null) continue;
      const { name, color } = user as Record<string, unknown>;
      if (typeof name !== 'string' || typeof color !== 'string' || name.length > 100) continue;
      users.set(`${name}\u0000${color}`, { name, color });
      if (users.size >= limit) break;
    }
    return [...users.values()];
  }

  /** Every current state as one awareness frame, or null when nobody has one. */
  allStatesFrame(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    if (ids.length === 0) return null;
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  /** Every current state as one awareness frame (possibly empty): the answer to a query. */
  queryReply(): Uint8Array {
    const ids = [...this.awareness.getStates().keys()];
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  /**
   * Apply an awareness update from `conn`, keeping only the entries it may set, each stamped with
   * the account it acts for: whatever a client claims in `user`, everyone sees who it really is.
   */
  applyFrom(conn: Connection, update: Uint8Array): void {
    const own = this.ownEntriesOnly(conn, update);
    if (own !== null && !this.destroyed)
      awarenessProtocol.applyAwarenessUpdate(this.awareness, own, conn);
  }

  /**
   * Apply presence from another instance's clients (already checked and stamped there). Their
   * states expire like any other when they stop being renewed (an instance that died).
   */
  applyRemote(update: Uint8Array): void {
    if (this.destroyed) return;
    for (const entry of decodeAwarenessEntries(update)) {
      if (this.owners.has(entry.clientId)) continue;
      if (entry.state === 'null') this.remote.delete(entry.clientId);
      else this.remote.add(entry.clientId);
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
  }

  /** Clear the states `conn` announced (it left). */
  forget(conn: Connection): void {
    for (const id of conn.awarenessClients) {
      if (this.owners.get(id) === conn) this.owners.delete(id);
    }
    const clients = [...conn.awarenessClients].filter((c) => this.awareness.states.has(c));
    if (clients.length > 0 && !this.destroyed) {
      awarenessProtocol.removeAwarenessStates(this.awareness, clients, LEAVE_ORIGIN);
    }
  }

  destroy(): void {
    this.destroyed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.awareness.off('update', this.onUpdate);
    this.awareness.destroy();
  }

  /**
   * Drop entries for awareness client ids another live connection announced first, so nobody
   * can overwrite or clear someone else's presence. y-websocket clients echo every awareness
   * change they receive, so such entries are normal and dropped silently. Null if none is left.
   */
  private ownEntriesOnly(conn: Connection, update: Uint8Array): Uint8Array | null {
    const entries = decodeAwarenessEntries(update);
    const mine: AwarenessEntry[] = [];
    let rewritten = false;
    for (const entry of entries) {
      const owner = this.owners.get(entry.clientId);
      if ((owner !== undefined && owner !== conn) || this.remote.has(entry.clientId)) {
        rewritten = true;
        continue;
      }
      const stamped = stampUser(entry.state, conn.principal);
      if (stamped === null) {
        rewritten = true;
        continue;
      }
      if (stamped !== entry.state) rewritten = true;
      mine.push(stamped === entry.state ? entry : { ...entry, state: stamped });
    }
    if (!rewritten) return update;
    if (mine.length === 0) return null;
    return encodeAwarenessEntries(mine);
  }

  private readonly onUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    if (origin instanceof Connection) {
      for (const id of [...change.added, ...change.updated]) {
        origin.awarenessClients.add(id);
        this.owners.set(id, origin);
      }
      for (const id of change.removed) origin.awarenessClients.delete(id);
    }
    for (const id of change.removed) {
      this.owners.delete(id);
      this.remote.delete(id);
    }
    for (const id of changed) {
      this.pending.add(id);
      if (origin !== REMOTE_ORIGIN) this.pendingOwn.add(id);
    }
    this.scheduleFlush();
  };

  /**
   * Broadcast pending awareness changes at most once per AWARENESS_FLUSH_MS: the first change
   * after a quiet spell goes out at once, a burst is merged into one frame per window. Two
   * hundred people moving cursors would otherwise cost one frame per change per socket.
   */
  private scheduleFlush(): void {
    if (this.timer !== null) return;
    const wait = this.lastFlush + AWARENESS_FLUSH_MS - performance.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (this.destroyed || this.pending.size === 0) return;
    const ids = [...this.pending];
    const own = [...this.pendingOwn];
    this.pending.clear();
    this.pendingOwn.clear();
    this.lastFlush = performance.now();
    if (own.length > 0) {
      this.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, own));
    }
    // To everyone, the sender included: y-websocket clients reconnect after 30 s without any
    // incoming message, and the echo of their 15 s awareness renewal is what a lone editor gets.
    this.broadcast(
      shareFrame(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids))),
    );
  }
}

/**
 * An awareness state (JSON text) with its `user` set to the connection's account: the same text
 * when it already says exactly that, null for a state that is not an object (dropped). A cleared
 * state ("null", someone leaving) passes as it is.
 */
export function stampUser(state: string, principal: Principal): string | null {
  if (state === 'null') return state;
  const parsed: unknown = JSON.parse(state);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const record = parsed as Record<string, unknown>;
  const user = record.user as Record<string, unknown> | undefined;
  if (
    typeof user === 'object' &&
    user !== null &&
    user.id === principal.userId &&
    user.name === principal.name &&
    user.color === principal.color &&
    Object.keys(user).length === 3
  ) {
    return state;
  }
  record.user = { id: principal.userId, name: principal.name, color: principal.color };
  return JSON.stringify(record);
}
