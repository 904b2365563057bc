import {
  type JSONContent,
  latestSignoffs,
  replaceContent,
  sectionsOf,
  signoffState,
  yDocToJSON,
  yDocToMarkdown,
} from '@ratify/schema';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { approvalState } from '../review/approval.js';
import type { ReviewStore } from '../storage/review.js';
import type { Storage } from '../storage/storage.js';
import type {
  StoredVersion,
  VersionKind,
  VersionSignoffs,
  VersionStore,
} from '../storage/versions.js';
import { readDocState } from '../sync/doc-state.js';
import type { Hub } from '../sync/hub.js';

/** A version's content as JSON (the document it pins, without its title). */
export function versionContent(version: { state: Uint8Array }): JSONContent {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, version.state);
    return yDocToJSON(doc);
  } finally {
    doc.destroy();
  }
}

export interface VersionServiceDeps {
  store: VersionStore;
  reviews: ReviewStore;
  storage: Storage;
  hub: Hub;
  log: Logger;
  /** Take an automatic version once editing has been quiet this long… */
  idleMs: number;
  /** …or once this long has passed since the first edit not in a version. */
  maxMs: number;
  now?: () => number;
}

interface Pending {
  firstAt: number;
  lastAt: number;
  contributors: Set<string>;
  timer: NodeJS.Timeout | null;
}

/**
 * Versions of documents: taken automatically after a burst of editing settles (and at least
 * every `maxMs` while it goes on), at every approval, and by hand; each keeps who edited since
 * the version before and the sign-off state at that moment. Restoring one is a forward change.
 */
export class VersionService {
  private readonly pending = new Map<string, Pending>();
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly deps: VersionServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** A client's edit was stored: remember who, and (re)schedule the automatic version. */
  edited(docId: string, userId: string): void {
    if (this.closed) return;
    const now = this.now();
    let entry = this.pending.get(docId);
    if (entry === undefined) {
      entry = { firstAt: now, lastAt: now, contributors: new Set(), timer: null };
      this.pending.set(docId, entry);
    }
    entry.lastAt = now;
    entry.contributors.add(userId);
    this.schedule(docId, entry);
  }

  private schedule(docId: string, entry: Pending): void {
    if (entry.timer !== null) clearTimeout(entry.timer);
    const due = Math.min(entry.lastAt + this.deps.idleMs, entry.firstAt + this.deps.maxMs);
    entry.timer = setTimeout(
      () => {
        entry.timer = null;
        this.take(docId, { kind: 'auto', name: null, createdBy: null }).catch((error: unknown) =>
          this.deps.log.error({ docId, err: error }, 'taking an automatic version failed'),
        );
      },
      Math.max(0, due - this.now()),
    );
    entry.timer.unref();
  }

  /**
   * Take a version of the document as it is now. Automatic ones are skipped (null) when nothing
   * changed since the last version; others are always taken. Null too if the document is gone.
   */
  async take(
    docId: string,
    what: { kind: VersionKind; name: string | null; createdBy: string | null },
  ): Promise<StoredVersion | null> {
    const entry = this.pending.get(docId);
    // Edits from here on count towards the next version.
    if (entry !== undefined) {
      if (entry.timer !== null) clearTimeout(entry.timer);
      this.pending.delete(docId);
    }
    const snapshot = await readDocState(this.deps.hub, this.deps.storage, docId, (doc) => ({
      json: yDocToJSON(doc),
      markdown: yDocToMarkdown(doc),
      state: Y.encodeStateAsUpdate(doc),
      stateVector: Y.encodeStateVector(doc),
    }));
    if (snapshot === null) return null;
    const { json, ...content } = snapshot.value;
    const signoffs = await this.signoffsNow(docId, json);
    return this.deps.store.addVersion(
      {
        docId,
        ...what,
        at: this.now(),
        contributors: [...(entry?.contributors ?? [])],
        signoffs,
        ...content,
      },
      { unlessUnchanged: what.kind === 'auto' },
    );
  }

  private async signoffsNow(
    docId: string,
    json: ReturnType<typeof yDocToJSON>,
  ): Promise<VersionSignoffs> {
    const sections = sectionsOf(json);
    const [reviewers, records] = await Promise.all([
      this.deps.reviews.getReviewers(docId),
      this.deps.reviews.listSignoffs(docId),
    ]);
    const latest = latestSignoffs(records);
    return {
      state: approvalState(sections, reviewers, records).state,
      sections: sections.map((section) => ({
        id: section.id,
        title: section.title,
        signoffs: latest
          .filter((r) => r.sectionId === section.id)
          .map((r) => ({
            signerId: r.signerId,
            verdict: r.verdict,
            state: signoffState(r, section.contentHash),
          })),
      })),
    };
  }

  /**
   * Make the document what version `n` was, as a new forward change every connected client
   * converges to (nothing in the history is rewritten): the state before is kept as a version
   * first, the restored one after. Null if the document or the version does not exist.
   */
  async restore(
    docId: string,
    n: number,
    by: string,
  ): Promise<{
    restored: StoredVersion;
    before: StoredVersion | null;
    after: StoredVersion | null;
  } | null> {
    const version = await this.deps.store.getVersion(docId, n);
    if (version === null) return null;
    const json = versionContent(version);
    const before = await this.take(docId, { kind: 'auto', name: null, createdBy: null });
    const applied = await this.deps.hub.withRoom(docId, (room) =>
      room.applyServerChange((doc) => replaceContent(doc, json)),
    );
    if (applied === null) return null;
    const after = await this.take(docId, {
      kind: 'restore',
      name: `Restored version ${n}`,
      createdBy: by,
    });
    return { restored: version, before, after };
  }

  close(): void {
    this.closed = true;
    for (const entry of this.pending.values()) if (entry.timer !== null) clearTimeout(entry.timer);
    this.pending.clear();
  }
}
