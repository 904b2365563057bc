import { yDocToJSON } from '@ratify/schema';
import type { Logger } from 'pino';
import type { CommentStore } from '../storage/comments.js';
import type { Storage } from '../storage/storage.js';
import { readDocState } from '../sync/doc-state.js';
import type { Hub } from '../sync/hub.js';
import { searchDocument } from './entries.js';
import type { SearchIndex } from './search.js';

export interface IndexerDeps {
  index: SearchIndex;
  storage: Storage;
  comments: CommentStore;
  hub: Hub;
  log: Logger;
  /** Re-index a document once it has been quiet this long… */
  debounceMs?: number;
  /** …or this long after its first change not yet indexed, while changes go on. */
  maxWaitMs?: number;
  now?: () => number;
}

interface Pending {
  firstAt: number;
  timer: NodeJS.Timeout;
}

/**
 * Keeps the search index current, off the edit path: a change to a document (its content, title
 * or comments) schedules a re-index of that document, debounced; at start, documents changed
 * since they were last indexed (or never indexed) are indexed in the background, one at a time.
 */
export class SearchIndexer {
  private readonly pending = new Map<string, Pending>();
  private running: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly deps: IndexerDeps) {
    this.now = deps.now ?? Date.now;
  }

  changed(docId: string): void {
    if (this.closed) return;
    const { debounceMs = 2_000, maxWaitMs = 10_000 } = this.deps;
    const now = this.now();
    const entry = this.pending.get(docId);
    const firstAt = entry?.firstAt ?? now;
    if (entry !== undefined) clearTimeout(entry.timer);
    const wait = Math.max(0, Math.min(debounceMs, firstAt + maxWaitMs - now));
    const timer = setTimeout(() => {
      this.pending.delete(docId);
      void this.reindex(docId);
    }, wait);
    timer.unref();
    this.pending.set(docId, { firstAt, timer });
  }

  /** A deleted document leaves the index at once. */
  removed(docId: string): void {
    const entry = this.pending.get(docId);
    if (entry !== undefined) clearTimeout(entry.timer);
    this.pending.delete(docId);
    this.queue(() => this.deps.index.removeDocument(docId));
  }

  /** Index the document as it is now (or remove it if it is gone); one index write at a time. */
  reindex(docId: string): Promise<void> {
    return this.queue(async () => {
      const { storage, hub, comments, index } = this.deps;
      const at = this.now();
      const meta = await storage.getMeta(docId);
      const content = meta === null ? null : await readDocState(hub, storage, docId, yDocToJSON);
      if (meta === null || content === null) {
        await index.removeDocument(docId);
        return;
      }
      const threads = await comments.listThreads(docId);
      await index.indexDocument(searchDocument(docId, meta.title, content.value, threads), at);
    });
  }

  /** Index every document changed since it was last indexed; resolves when done. */
  async catchUp(): Promise<number> {
    let count = 0;
    for (const meta of await this.deps.storage.list()) {
      if (this.closed) break;
      const at = await this.deps.index.indexedAt(meta.id);
      if (at !== null && at >= meta.updatedAt) continue;
      await this.reindex(meta.id);
      count++;
    }
    return count;
  }

  /** Run every scheduled re-index now (tests, shutdown). */
  async flush(): Promise<void> {
    const ids = [...this.pending.keys()];
    for (const id of ids) {
      clearTimeout(this.pending.get(id)?.timer);
      this.pending.delete(id);
    }
    await Promise.all(ids.map((id) => this.reindex(id)));
  }

  private queue(work: () => Promise<void>): Promise<void> {
    const run = this.running.then(work).catch((error: unknown) => {
      this.deps.log.warn({ err: error }, 'search indexing failed');
    });
    this.running = run;
    return run;
  }

  close(): void {
    this.closed = true;
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
  }
}
