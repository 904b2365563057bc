import * as decoding from 'lib0/decoding';

/**
 * Honest save state. The server acks, per connection, how many of the client's update-carrying
 * sync frames (sync step 2 and sync update, empty ones included) are durably committed. The
 * client counts what it sends on the same connection. "Saved" means: connected, synced, every
 * counted frame acked, and no local change that has not yet gone out on this connection.
 */

/** y-websocket sync message types (y-protocols/sync). */
const MESSAGE_SYNC = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

export type SentFrameKind = 'syncStep2' | 'update' | 'other';

/** Classify an outgoing y-websocket frame by its first two varUints. */
export function classifyFrame(
  data: ArrayBufferLike | ArrayBufferView | string | Blob,
): SentFrameKind {
  let bytes: Uint8Array;
  if (data instanceof Uint8Array) bytes = data;
  else if (ArrayBuffer.isView(data))
    bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
  else return 'other';
  try {
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return 'other';
    const syncType = decoding.readVarUint(decoder);
    if (syncType === SYNC_STEP_2) return 'syncStep2';
    if (syncType === SYNC_UPDATE) return 'update';
    return 'other';
  } catch {
    return 'other';
  }
}

export type ConnectionStatus = 'connecting' | 'live' | 'offline';

export interface SaveSnapshot {
  connection: ConnectionStatus;
  /** Frames carrying updates sent on the current connection. */
  sent: number;
  /** Of those, how many the server reported durable. */
  acked: number;
  /** A local change has not been sent on the current connection yet. */
  dirty: boolean;
  /** Everything typed here is durable on the server. */
  saved: boolean;
  /** The client is connected and received the server's state, but durability is pending. */
  saving: boolean;
}

export class SaveTracker {
  private socketOpen = false;
  private synced = false;
  private hasBeenOffline = false;
  private browserOffline = false;
  private sent = 0;
  private acked = 0;
  private dirty = false;
  private readonly listeners = new Set<() => void>();
  private snapshot: SaveSnapshot;

  constructor() {
    this.snapshot = this.compute();
  }

  /** A new socket: counts restart (the server counts per connection too). */
  socketCreated(): void {
    this.sent = 0;
    this.acked = 0;
    this.socketOpen = false;
    this.synced = false;
    this.emit();
  }

  socketOpened(): void {
    this.socketOpen = true;
    this.emit();
  }

  /** The socket closed; frames not acked may or may not be durable, so the next sync re-sends. */
  socketClosed(): void {
    if (this.acked < this.sent) this.dirty = true;
    this.socketOpen = false;
    this.synced = false;
    this.hasBeenOffline = true;
    this.emit();
  }

  setSynced(synced: boolean): void {
    this.synced = synced;
    this.emit();
  }

  setBrowserOffline(offline: boolean): void {
    this.browserOffline = offline;
    if (offline) this.hasBeenOffline = true;
    this.emit();
  }

  frameSent(kind: SentFrameKind): void {
    if (kind === 'other') return;
    this.sent++;
    // Sync step 2 answers the server's state vector with everything it lacks, local edits included.
    if (kind === 'syncStep2') this.dirty = false;
    this.emit();
  }

  ackReceived(count: number): void {
    if (count > this.acked) {
      this.acked = Math.min(count, this.sent);
      this.emit();
    }
  }

  /**
   * A change made here. When it went out on an open socket, its frame is already counted (the
   * provider sends before later listeners run); otherwise it waits for the next sync step 2.
   */
  localChange(sentNow: boolean): void {
    if (!sentNow) {
      this.dirty = true;
      this.emit();
    }
  }

  get state(): SaveSnapshot {
    return this.snapshot;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SaveSnapshot => this.snapshot;

  private compute(): SaveSnapshot {
    const live = this.socketOpen && this.synced && !this.browserOffline;
    const connection: ConnectionStatus = live
      ? 'live'
      : this.hasBeenOffline || this.browserOffline
        ? 'offline'
        : 'connecting';
    const saved = live && !this.dirty && this.acked === this.sent;
    return {
      connection,
      sent: this.sent,
      acked: this.acked,
      dirty: this.dirty,
      saved,
      saving: live && !saved,
    };
  }

  private emit(): void {
    const next = this.compute();
    const prev = this.snapshot;
    if (
      prev.connection === next.connection &&
      prev.sent === next.sent &&
      prev.acked === next.acked &&
      prev.dirty === next.dirty
    ) {
      return;
    }
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
