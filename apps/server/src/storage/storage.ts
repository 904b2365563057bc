/**
 * Durable storage of documents: metadata plus an append-only log of Yjs updates, periodically
 * compacted into one snapshot. Every method is async so a networked backend (PostgreSQL) fits the
 * same shape; the SQLite backend happens to do its work synchronously.
 */

export interface DocMeta {
  id: string;
  title: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Milliseconds since the epoch; moves on every committed append. */
  updatedAt: number;
}

export interface StoredDoc {
  /** The compacted state (a Yjs update), or null before the first compaction. */
  snapshot: Uint8Array | null;
  /** Updates appended after the snapshot, in commit order. */
  updates: Uint8Array[];
  /** The sequence number of the last update this covers (storages shared by instances). */
  head?: number;
}

export interface AppendResult {
  /** How many updates the document's log holds after this append (drives compaction). */
  logLength: number;
  /**
   * The update's sequence number: 1, 2, 3 … per document in commit order, with no gaps (storages
   * shared by several instances, which compare it to notice updates they missed).
   */
  seq?: number;
}

/** What a storage shared by several instances also answers (PgStorage). */
export interface SharedStorage {
  /** The sequence number of the document's last update (0: none), or null if it does not exist. */
  head(id: string): Promise<number | null>;
  /**
   * The updates numbered after `after`, in order, with the head they reach; null when some of them
   * were compacted away (read the whole state with `load` instead) or the document is gone.
   */
  updatesSince(id: string, after: number): Promise<{ updates: Uint8Array[]; head: number } | null>;
}

export const isSharedStorage = (storage: Storage): storage is Storage & SharedStorage =>
  typeof (storage as Partial<SharedStorage>).updatesSince === 'function';

export interface CompactResult {
  /** Updates folded into the snapshot (0 when there was nothing to do). */
  merged: number;
}

export interface CreateDocInput {
  id: string;
  title: string;
  /** Initial content as one Yjs update, written in the same transaction as the metadata. */
  initialUpdate?: Uint8Array;
}

export interface Storage {
  /** Create a document and its initial content atomically. Rejects with DocumentExistsError. */
  createDoc(input: CreateDocInput): Promise<DocMeta>;
  getMeta(id: string): Promise<DocMeta | null>;
  exists(id: string): Promise<boolean>;
  /** All documents, most recently updated first. */
  list(): Promise<DocMeta[]>;
  /** Snapshot plus tail, or null if the document does not exist. */
  load(id: string): Promise<StoredDoc | null>;
  /**
   * Append one update. The promise resolves only once the update is durable (committed and
   * synced); appends that arrive together share one commit. Rejects with DocumentNotFoundError.
   */
  append(id: string, update: Uint8Array): Promise<AppendResult>;
  /**
   * Merge the snapshot and the whole log into a new snapshot, atomically: a crash at any point
   * leaves either the old snapshot and log or the new snapshot, never less. The snapshot is the
   * state a fresh client would receive (deleted text garbage-collected, see foldUpdates), with any
   * update still waiting for a missing dependency kept.
   */
  compact(id: string): Promise<CompactResult>;
  /**
   * Set the title the list shows (the server copies it from the document's own title, see
   * Room). Does not move updatedAt: the edit that renamed it already did. False if the
   * document does not exist; true if it does (changed or already equal).
   */
  setTitle(id: string, title: string): Promise<boolean>;
  /** Delete a document and its log; false if it did not exist. */
  delete(id: string): Promise<boolean>;
  /** Resolves if the storage can serve requests (readiness probe). */
  ping(): Promise<void>;
  /** Commit everything pending, then release resources. Later calls reject. */
  close(): Promise<void>;
}

export class DocumentNotFoundError extends Error {
  override name = 'DocumentNotFoundError';
  constructor(readonly docId: string) {
    super(`document ${docId} does not exist`);
  }
}

export class DocumentExistsError extends Error {
  override name = 'DocumentExistsError';
  constructor(readonly docId: string) {
    super(`document ${docId} already exists`);
  }
}

export class StorageClosedError extends Error {
  override name = 'StorageClosedError';
  constructor() {
    super('storage is closed');
  }
}
