import {
  latestSignoffs,
  type SignoffRecord,
  sectionsOf,
  signoffState,
  yDocToJSON,
} from '@ratify/schema';
import type { Logger } from 'pino';
import type { ReviewStore } from '../storage/review.js';
import type { Hub } from '../sync/hub.js';

/** A change is checked this long after it (later changes in the meantime ride along). */
export const STALE_CHECK_DELAY_MS = 300;
/**
 * While every sign-off of a document is stale already, edits are checked this rarely: all that
 * is left to notice is a revert (which makes them current again), and a document being typed in
 * is otherwise hashed several times a second for nothing.
 */
export const STALE_RECHECK_MS = 5_000;

export interface StaleSection {
  sectionId: string;
  title: string | null;
  /** The section's content hash now (null: the section was deleted). */
  contentHash: string | null;
  /** The sign-offs that no longer match it. */
  signoffs: Array<{ seq: number; signerId: string; verdict: SignoffRecord['verdict'] }>;
}

/**
 * Notices when an edit makes a document's sign-offs stale, to announce it (the `section.stale`
 * webhook). Clients see staleness by themselves (they hash the live content); this is for
 * receivers outside. A document without sign-offs costs one lookup, once, and nothing after;
 * one with current sign-offs is hashed at most once per STALE_CHECK_DELAY_MS while edits go on,
 * one whose sign-offs are all stale at most once per STALE_RECHECK_MS. Each sign-off is announced
 * once when it turns stale, and again only if it was seen current again (the text was reverted)
 * and then turned stale again.
 */
export class StaleWatcher {
  /** Per document: each latest sign-off and whether it was stale at the last check. */
  private readonly known = new Map<
    string,
    Map<number, { record: SignoffRecord; stale: boolean }>
  >();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly loading = new Map<string, Promise<void>>();
  /** Stale sign-offs per document as last counted (the gauge is their sum). */
  private readonly staleCounts = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly deps: {
      reviews: ReviewStore;
      hub: Hub;
      log: Logger;
      /** Told about sign-offs that just turned stale, per section. */
      stale: (docId: string, sections: StaleSection[]) => void;
      /** The `ratify_stale_signoffs` gauge. */
      gauge: { inc(by: number): void };
      delayMs?: number;
      recheckMs?: number;
    },
  ) {}

  /** The document's content changed. */
  changed(docId: string): void {
    if (this.closed || this.pending.has(docId)) return;
    const known = this.known.get(docId);
    if (known !== undefined && known.size === 0) return;
    const allStale = known !== undefined && everyStale(known);
    const delay = allStale
      ? (this.deps.recheckMs ?? STALE_RECHECK_MS)
      : (this.deps.delayMs ?? STALE_CHECK_DELAY_MS);
    const timer = setTimeout(() => {
      this.pending.delete(docId);
      this.check(docId).catch((error: unknown) =>
        this.deps.log.warn({ err: error, docId }, 'checking for stale sign-offs failed'),
      );
    }, delay);
    timer.unref();
    this.pending.set(docId, timer);
  }

  /** New records were stored: the latest verdicts changed (they are current when signed). */
  recorded(docId: string): void {
    this.known.delete(docId);
    void this.load(docId).catch((error: unknown) =>
      this.deps.log.warn({ err: error, docId }, 'reading sign-offs failed'),
    );
  }

  private count(docId: string, stale: number): void {
    const before = this.staleCounts.get(docId) ?? 0;
    if (stale === 0) this.staleCounts.delete(docId);
    else this.staleCounts.set(docId, stale);
    if (stale !== before) this.deps.gauge.inc(stale - before);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private load(docId: string): Promise<void> {
    let loading = this.loading.get(docId);
    if (loading === undefined) {
      loading = (async () => {
        const latest = latestSignoffs(await this.deps.reviews.listSignoffs(docId));
        const hashes = this.currentHashes(docId);
        const entries = new Map(
          latest.map((record) => [
            record.seq,
            {
              record,
              stale:
                hashes !== null &&
                signoffState(record, hashes.get(record.sectionId)?.hash ?? null) === 'stale',
            },
          ]),
        );
        this.known.set(docId, entries);
        this.count(docId, [...entries.values()].filter((e) => e.stale).length);
      })().finally(() => this.loading.delete(docId));
      this.loading.set(docId, loading);
    }
    return loading;
  }

  private currentHashes(docId: string): Map<string, { hash: string; title: string }> | null {
    const room = this.deps.hub.liveRoom(docId);
    if (room === null) return null;
    return new Map(
      sectionsOf(yDocToJSON(room.doc)).map((s) => [s.id, { hash: s.contentHash, title: s.title }]),
    );
  }

  private async check(docId: string): Promise<void> {
    if (!this.known.has(docId)) await this.load(docId);
    const known = this.known.get(docId);
    if (known === undefined || known.size === 0) return;
    const hashes = this.currentHashes(docId);
    if (hashes === null) {
      // Unloaded: nobody edits it here; start afresh if it is loaded again.
      this.known.delete(docId);
      this.count(docId, 0);
      return;
    }
    const turned = new Map<string, StaleSection>();
    for (const entry of known.values()) {
      const current = hashes.get(entry.record.sectionId) ?? null;
      const stale = signoffState(entry.record, current?.hash ?? null) === 'stale';
      if (stale && !entry.stale) {
        const sectionId = entry.record.sectionId;
        let section = turned.get(sectionId);
        if (section === undefined) {
          section = {
            sectionId,
            title: current?.title ?? null,
            contentHash: current?.hash ?? null,
            signoffs: [],
          };
          turned.set(sectionId, section);
        }
        section.signoffs.push({
          seq: entry.record.seq,
          signerId: entry.record.signerId,
          verdict: entry.record.verdict,
        });
      }
      entry.stale = stale;
    }
    this.count(docId, [...known.values()].filter((e) => e.stale).length);
    if (turned.size > 0 && !this.closed) this.deps.stale(docId, [...turned.values()]);
  }
}

/** Whether every sign-off known for a document is stale (no array made: this runs per edit). */
function everyStale(known: ReadonlyMap<number, { stale: boolean }>): boolean {
  for (const entry of known.values()) if (!entry.stale) return false;
  return true;
}
