import type pg from 'pg';
import { type DocRow, type PendingAppend, toBuffer, toMeta, toUint8 } from '../docs-rows.js';
import { foldUpdates } from '../fold.js';
import {
  type AppendResult,
  type CompactResult,
  type CreateDocInput,
  type DocMeta,
  DocumentExistsError,
  DocumentNotFoundError,
  type SharedStorage,
  type Storage,
  StorageClosedError,
  type StoredDoc,
} from '../storage.js';
import { inTransaction, openPool, type PgPoolOptions, pgText } from './pool.js';

/**
 * PostgreSQL backend of `Storage`. Each document row carries `head`, the sequence number of its
 * last update, bumped under the row's lock in the same transaction as the inserts, so every
 * document's updates are numbered 1, 2, 3 … in commit order with no gaps (what instances compare
 * to notice updates they missed). Appends that arrive while a commit is in flight share the next
 * transaction (group commit); a commit is durable when PostgreSQL acknowledges it (the server's
 * synchronous_commit). Compaction writes a new snapshot row and then deletes the updates and
 * snapshots it covers, in one transaction: it never rewrites a large value in place, and a crash
 * at any point leaves the old state or the new one.
 */
export class PgStorage implements Storage, SharedStorage {
  /** Transactions that committed appends; for tests and metrics. */
  commits = 0;
  private queue: PendingAppend[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;

  private constructor(
    readonly pool: pg.Pool,
    readonly schema: string,
  ) {}

  /** Connect, bring the schema up to date (migrations), and return the storage. */
  static async open(options: PgPoolOptions): Promise<PgStorage> {
    const { pool, schema } = await openPool(options);
    return new PgStorage(pool, schema);
  }

  async createDoc(input: CreateDocInput): Promise<DocMeta> {
    this.assertOpen();
    const now = Date.now();
    const initial =
      input.initialUpdate !== undefined && input.initialUpdate.byteLength > 0
        ? input.initialUpdate
        : null;
    await inTransaction(this.pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO docs (id, title, created_at, updated_at, head) VALUES ($1, $2, $3, $3, $4)
         ON CONFLICT (id) DO NOTHING`,
        [input.id, pgText(input.title), now, initial === null ? 0 : 1],
      );
      if (inserted.rowCount === 0) throw new DocumentExistsError(input.id);
      if (initial !== null) {
        await client.query('INSERT INTO doc_updates (doc_id, seq, data) VALUES ($1, 1, $2)', [
          input.id,
          toBuffer(initial),
        ]);
      }
    });
    return { id: input.id, title: input.title, createdAt: now, updatedAt: now };
  }

  async getMeta(id: string): Promise<DocMeta | null> {
    this.assertOpen();
    const { rows } = await this.pool.query<DocRow>(
      'SELECT id, title, created_at, updated_at FROM docs WHERE id = $1',
      [id],
    );
    return rows[0] === undefined ? null : toMeta(rows[0]);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.getMeta(id)) !== null;
  }

  async list(): Promise<DocMeta[]> {
    this.assertOpen();
    const { rows } = await this.pool.query<DocRow>(
      'SELECT id, title, created_at, updated_at FROM docs ORDER BY updated_at DESC, id',
    );
    return rows.map(toMeta);
  }

  async load(id: string): Promise<StoredDoc | null> {
    this.assertOpen();
    // One snapshot of the database for all three reads: a compaction committing in between
    // cannot make the snapshot and the tail disagree.
    return inTransaction(
      this.pool,
      async (client) => {
        const doc = await client.query<{ head: string }>('SELECT head FROM docs WHERE id = $1', [
          id,
        ]);
        const head = doc.rows[0]?.head;
        if (head === undefined) return null;
        const snap = await client.query<{ upto: string; data: Buffer }>(
          'SELECT upto, data FROM doc_snapshots WHERE doc_id = $1 ORDER BY upto DESC LIMIT 1',
          [id],
        );
        const upto = snap.rows[0] === undefined ? 0 : Number(snap.rows[0].upto);
        const log = await client.query<{ data: Buffer }>(
          'SELECT data FROM doc_updates WHERE doc_id = $1 AND seq > $2 ORDER BY seq',
          [id, upto],
        );
        return {
          snapshot: snap.rows[0] === undefined ? null : toUint8(snap.rows[0].data),
          updates: log.rows.map((r) => toUint8(r.data)),
          head: Number(head),
        };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }

  append(id: string, update: Uint8Array): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StorageClosedError());
    return new Promise<AppendResult>((resolve, reject) => {
      // Copy: the caller's bytes may be a view into a pooled socket buffer.
      this.queue.push({ id, update: update.slice(), resolve, reject });
      this.scheduleFlush();
    });
  }

  /** One commit at a time; what queued meanwhile goes into the next one. */
  private scheduleFlush(): void {
    if (this.flushing !== null) return;
    this.flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.flush())
      .finally(() => {
        this.flushing = null;
        if (this.queue.length > 0) this.scheduleFlush();
      });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let rows: Array<{ id: string; head: string; n: string; compacted: string }>;
    try {
      rows = await this.commitBatch(batch);
      this.commits++;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const item of batch) item.reject(failure);
      return;
    }
    // Each document's updates were numbered after its old head, in the batch's order.
    const next = new Map(rows.map((r) => [r.id, Number(r.head) - Number(r.n)]));
    const compacted = new Map(rows.map((r) => [r.id, Number(r.compacted)]));
    const heads = new Map(rows.map((r) => [r.id, Number(r.head)]));
    for (const item of batch) {
      const previous = next.get(item.id);
      const head = heads.get(item.id);
      if (previous === undefined || head === undefined) {
        item.reject(new DocumentNotFoundError(item.id));
        continue;
      }
      next.set(item.id, previous + 1);
      item.resolve({ logLength: head - (compacted.get(item.id) ?? 0), seq: previous + 1 });
    }
  }

  /**
   * Commit a batch in one statement (one round trip, its own transaction): lock the documents'
   * rows in id order (so instances committing to the same documents never deadlock), move each
   * head past its updates, and insert the updates numbered in the batch's order after the old
   * head. Returns each existing document's new head, how many it got, and its compaction point.
   */
  private async commitBatch(
    batch: PendingAppend[],
  ): Promise<Array<{ id: string; head: string; n: string; compacted: string }>> {
    const { rows } = await this.pool.query<{
      id: string;
      head: string;
      n: string;
      compacted: string;
    }>(
      `WITH batch AS (
         SELECT b.doc_id, b.data, b.ord FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS b(doc_id, data, ord)
       ), counts AS (
         SELECT doc_id, count(*) AS n FROM batch GROUP BY doc_id
       ), locked AS (
         SELECT id FROM docs WHERE id IN (SELECT doc_id FROM counts) ORDER BY id FOR UPDATE
       ), bumped AS (
         UPDATE docs SET head = docs.head + counts.n, updated_at = GREATEST(docs.updated_at, $3)
         FROM counts, locked
         WHERE docs.id = counts.doc_id AND locked.id = docs.id
         RETURNING docs.id, docs.head, counts.n, docs.compacted
       ), inserted AS (
         INSERT INTO doc_updates (doc_id, seq, data)
         SELECT batch.doc_id,
                bumped.head - bumped.n + row_number() OVER (PARTITION BY batch.doc_id ORDER BY batch.ord),
                batch.data
         FROM batch JOIN bumped ON bumped.id = batch.doc_id
       )
       SELECT id, head, n, compacted FROM bumped`,
      [batch.map((item) => item.id), batch.map((item) => toBuffer(item.update)), Date.now()],
    );
    return rows;
  }

  /**
   * Fold the newest snapshot and the updates after it into a new snapshot row. The read (one
   * consistent view) and the fold run outside any lock: appends go on meanwhile, numbered past
   * what was folded, and stay in the log.
   */
  async compact(id: string): Promise<CompactResult> {
    this.assertOpen();
    const read = await inTransaction(
      this.pool,
      async (client) => {
        const doc = await client.query('SELECT 1 FROM docs WHERE id = $1', [id]);
        if (doc.rowCount === 0) throw new DocumentNotFoundError(id);
        const snap = await client.query<{ upto: string; data: Buffer }>(
          'SELECT upto, data FROM doc_snapshots WHERE doc_id = $1 ORDER BY upto DESC LIMIT 1',
          [id],
        );
        const from = snap.rows[0] === undefined ? 0 : Number(snap.rows[0].upto);
        const log = await client.query<{ seq: string; data: Buffer }>(
          'SELECT seq, data FROM doc_updates WHERE doc_id = $1 AND seq > $2 ORDER BY seq',
          [id, from],
        );
        return { snapshot: snap.rows[0]?.data ?? null, log: log.rows };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
    const last = read.log.at(-1);
    if (last === undefined) return { merged: 0 };
    const upto = Number(last.seq);
    const parts = read.log.map((r) => toUint8(r.data));
    if (read.snapshot !== null) parts.unshift(toUint8(read.snapshot));
    const merged = foldUpdates(parts);
    await inTransaction(this.pool, async (client) => {
      const exists = await client.query('SELECT 1 FROM docs WHERE id = $1 FOR SHARE', [id]);
      if (exists.rowCount === 0) throw new DocumentNotFoundError(id);
      await client.query(
        `INSERT INTO doc_snapshots (doc_id, upto, data) VALUES ($1, $2, $3)
         ON CONFLICT (doc_id, upto) DO NOTHING`,
        [id, upto, toBuffer(merged)],
      );
      await client.query('DELETE FROM doc_updates WHERE doc_id = $1 AND seq <= $2', [id, upto]);
      await client.query('DELETE FROM doc_snapshots WHERE doc_id = $1 AND upto < $2', [id, upto]);
      await client.query('UPDATE docs SET compacted = GREATEST(compacted, $2) WHERE id = $1', [
        id,
        upto,
      ]);
    });
    return { merged: read.log.length };
  }

  async head(id: string): Promise<number | null> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ head: string }>(
      'SELECT head FROM docs WHERE id = $1',
      [id],
    );
    return rows[0] === undefined ? null : Number(rows[0].head);
  }

  async updatesSince(
    id: string,
    after: number,
  ): Promise<{ updates: Uint8Array[]; head: number } | null> {
    this.assertOpen();
    return inTransaction(
      this.pool,
      async (client) => {
        const doc = await client.query<{ head: string; compacted: string }>(
          'SELECT head, compacted FROM docs WHERE id = $1',
          [id],
        );
        const row = doc.rows[0];
        // Compacted past `after`: those updates now live only in a snapshot.
        if (row === undefined || Number(row.compacted) > after) return null;
        const log = await client.query<{ data: Buffer }>(
          'SELECT data FROM doc_updates WHERE doc_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq',
          [id, after, row.head],
        );
        return { updates: log.rows.map((r) => toUint8(r.data)), head: Number(row.head) };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }

  async setTitle(id: string, title: string): Promise<boolean> {
    this.assertOpen();
    const changed = await this.pool.query(
      'UPDATE docs SET title = $2 WHERE id = $1 AND title IS DISTINCT FROM $2',
      [id, pgText(title)],
    );
    if ((changed.rowCount ?? 0) > 0) return true;
    return this.exists(id);
  }

  async delete(id: string): Promise<boolean> {
    this.assertOpen();
    const deleted = await this.pool.query('DELETE FROM docs WHERE id = $1', [id]);
    return (deleted.rowCount ?? 0) > 0;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Commit what is queued and in flight before the pool goes.
    while (this.flushing !== null || this.queue.length > 0) {
      if (this.flushing === null) this.scheduleFlush();
      await this.flushing;
    }
    await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageClosedError();
  }
}
