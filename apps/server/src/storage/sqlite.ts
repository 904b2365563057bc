import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type DocRow, type PendingAppend, toBuffer, toMeta, toUint8 } from './docs-rows.js';
import { foldUpdates } from './fold.js';
import {
  type AppendResult,
  type CompactResult,
  type CreateDocInput,
  type DocMeta,
  DocumentExistsError,
  DocumentNotFoundError,
  type Storage,
  StorageClosedError,
  type StoredDoc,
} from './storage.js';

export interface SqliteStorageOptions {
  /** Directory that holds `ratify.db` (created if missing). */
  dataDir: string;
  /**
   * At most one commit of appends per this many milliseconds (default 0: no pacing). An append
   * after a quiet spell still commits at once; under sustained load the appends of the interval
   * share one transaction and one fsync.
   */
  minCommitIntervalMs?: number;
  /**
   * `full` (default): every commit fsyncs the WAL, so a resolved append survives power loss.
   * `normal`: no fsync per commit; survives a process crash, not a power loss or OS crash.
   */
  synchronous?: 'full' | 'normal';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS docs (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  snapshot BLOB
) STRICT;
CREATE TABLE IF NOT EXISTS updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  doc_id TEXT NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
  data BLOB NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS updates_doc_seq ON updates(doc_id, seq);
`;

function prepareStatements(db: Database.Database) {
  return {
    insertDoc: db.prepare<[string, string, number, number]>(
      'INSERT INTO docs (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)',
    ),
    getMeta: db.prepare<[string], DocRow>(
      'SELECT id, title, created_at, updated_at FROM docs WHERE id = ?',
    ),
    list: db.prepare<[], DocRow>(
      'SELECT id, title, created_at, updated_at FROM docs ORDER BY updated_at DESC, id',
    ),
    snapshot: db.prepare<[string], { snapshot: Buffer | null }>(
      'SELECT snapshot FROM docs WHERE id = ?',
    ),
    updates: db.prepare<[string], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM updates WHERE doc_id = ? ORDER BY seq',
    ),
    insertUpdate: db.prepare<[string, Buffer]>('INSERT INTO updates (doc_id, data) VALUES (?, ?)'),
    touch: db.prepare<[number, string]>(
      'UPDATE docs SET updated_at = max(updated_at, ?) WHERE id = ?',
    ),
    count: db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM updates WHERE doc_id = ?',
    ),
    setSnapshot: db.prepare<[Buffer, string]>('UPDATE docs SET snapshot = ? WHERE id = ?'),
    deleteUpTo: db.prepare<[string, number]>('DELETE FROM updates WHERE doc_id = ? AND seq <= ?'),
    deleteDoc: db.prepare<[string]>('DELETE FROM docs WHERE id = ?'),
    // Write only when it differs: an unchanged title costs a read, not a commit.
    setTitle: db.prepare<[string, string, string]>(
      'UPDATE docs SET title = ? WHERE id = ? AND title IS NOT ?',
    ),
  };
}

/**
 * SQLite backend. WAL with synchronous=FULL by default: every commit fsyncs the WAL, so an append
 * whose promise resolved survives power loss, not only a process crash (NORMAL, which an operator
 * can choose, only gives the latter). The fsync cost is shared: appends queued in the same
 * event-loop turn — and everything that arrives while a commit blocks the loop — go into one
 * transaction (group commit).
 */
export class SqliteStorage implements Storage {
  readonly filename: string;
  private readonly db: Database.Database;
  /** Transactions that committed appends (one per group commit); for tests and metrics. */
  commits = 0;
  private queue: PendingAppend[] = [];
  /** Update-log length per document, counted once and then kept in step (drives compaction). */
  private readonly logLengths = new Map<string, number>();
  private flushScheduled = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private lastCommitAt = Number.NEGATIVE_INFINITY;
  private readonly minCommitIntervalMs: number;
  private closed = false;
  private readonly stmt: ReturnType<typeof prepareStatements>;

  constructor(options: SqliteStorageOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.filename = path.join(options.dataDir, 'ratify.db');
    this.minCommitIntervalMs = options.minCommitIntervalMs ?? 0;
    this.db = new Database(this.filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.stmt = prepareStatements(this.db);
  }

  /** The open database, for stores that keep their own tables in the same file (accounts). */
  get database(): Database.Database {
    return this.db;
  }

  async createDoc(input: CreateDocInput): Promise<DocMeta> {
    this.assertOpen();
    const now = Date.now();
    this.db.transaction(() => {
      if (this.stmt.getMeta.get(input.id) !== undefined) throw new DocumentExistsError(input.id);
      this.stmt.insertDoc.run(input.id, input.title, now, now);
      if (input.initialUpdate !== undefined && input.initialUpdate.byteLength > 0) {
        this.stmt.insertUpdate.run(input.id, toBuffer(input.initialUpdate));
      }
    })();
    this.logLengths.delete(input.id);
    return { id: input.id, title: input.title, createdAt: now, updatedAt: now };
  }

  async getMeta(id: string): Promise<DocMeta | null> {
    this.assertOpen();
    const row = this.stmt.getMeta.get(id);
    return row === undefined ? null : toMeta(row);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.getMeta(id)) !== null;
  }

  async list(): Promise<DocMeta[]> {
    this.assertOpen();
    return this.stmt.list.all().map(toMeta);
  }

  async load(id: string): Promise<StoredDoc | null> {
    this.assertOpen();
    return this.db.transaction(() => {
      const row = this.stmt.snapshot.get(id);
      if (row === undefined) return null;
      return {
        snapshot: row.snapshot === null ? null : toUint8(row.snapshot),
        updates: this.stmt.updates.all(id).map((u) => toUint8(u.data)),
      };
    })();
  }

  append(id: string, update: Uint8Array): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StorageClosedError());
    return new Promise<AppendResult>((resolve, reject) => {
      // Copy: the caller's bytes may be a view into a pooled socket buffer.
      this.queue.push({ id, update: update.slice(), resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        const wait = this.lastCommitAt + this.minCommitIntervalMs - performance.now();
        if (wait <= 0) setImmediate(() => this.flush());
        else this.flushTimer = setTimeout(() => this.flush(), wait);
      }
    });
  }

  /** Commit every queued append in one transaction, then settle their promises. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes = new Map<PendingAppend, AppendResult | Error>();
    const lengths = new Map<string, number>();
    try {
      this.db.transaction(() => {
        const now = Date.now();
        const missing = new Set<string>();
        for (const item of batch) {
          if (missing.has(item.id)) continue;
          // A document is in `lengths` once touched in this batch.
          if (!lengths.has(item.id)) {
            // Touching first doubles as the existence check: no row changed, no document.
            if (this.stmt.touch.run(now, item.id).changes === 0) {
              missing.add(item.id);
              continue;
            }
            lengths.set(item.id, this.logLengthBefore(item.id));
          }
          this.stmt.insertUpdate.run(item.id, toBuffer(item.update));
          lengths.set(item.id, (lengths.get(item.id) ?? 0) + 1);
        }
        for (const item of batch) {
          const logLength = lengths.get(item.id);
          outcomes.set(
            item,
            logLength === undefined ? new DocumentNotFoundError(item.id) : { logLength },
          );
        }
      })();
      this.commits++;
      this.lastCommitAt = performance.now();
      for (const [id, length] of lengths) this.logLengths.set(id, length);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const item of batch) item.reject(failure);
      return;
    }
    for (const item of batch) {
      const outcome = outcomes.get(item);
      if (outcome instanceof Error || outcome === undefined) {
        item.reject(outcome ?? new Error('append lost its outcome'));
      } else {
        item.resolve(outcome);
      }
    }
  }

  /** The log length as committed; counted from the table the first time a document is seen. */
  private logLengthBefore(id: string): number {
    const known = this.logLengths.get(id);
    if (known !== undefined) return known;
    return this.stmt.count.get(id)?.n ?? 0;
  }

  async compact(id: string): Promise<CompactResult> {
    this.assertOpen();
    const result = this.db.transaction(() => {
      const row = this.stmt.snapshot.get(id);
      if (row === undefined) throw new DocumentNotFoundError(id);
      const log = this.stmt.updates.all(id);
      const last = log.at(-1);
      if (last === undefined) return { merged: 0 };
      const parts = log.map((u) => toUint8(u.data));
      if (row.snapshot !== null) parts.unshift(toUint8(row.snapshot));
      const merged = foldUpdates(parts);
      this.stmt.setSnapshot.run(toBuffer(merged), id);
      this.stmt.deleteUpTo.run(id, last.seq);
      return { merged: log.length };
    })();
    this.logLengths.set(id, 0);
    return result;
  }

  async setTitle(id: string, title: string): Promise<boolean> {
    this.assertOpen();
    if (this.stmt.setTitle.run(title, id, title).changes > 0) return true;
    return this.stmt.getMeta.get(id) !== undefined;
  }

  async delete(id: string): Promise<boolean> {
    this.assertOpen();
    this.logLengths.delete(id);
    return this.stmt.deleteDoc.run(id).changes > 0;
  }

  /** Read a pragma on this storage's own connection (pragmas like synchronous are per connection). */
  pragma(name: 'synchronous' | 'journal_mode'): unknown {
    return this.db.pragma(name, { simple: true });
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageClosedError();
  }
}
