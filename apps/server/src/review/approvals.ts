import {
  appendChangeLogRow,
  changeLogVersions,
  nextChangeLogVersion,
  type ReviewEvent,
  sectionsOf,
  yDocToJSON,
  yDocToMarkdown,
} from '@ratify/schema';
import * as Y from 'yjs';
import type { AccountStore } from '../storage/accounts.js';
import { type Approval, type ReviewStore, sameHashes } from '../storage/review.js';
import type { Hub } from '../sync/hub.js';
import { approvalState, approvalSummary } from './approval.js';
import { KeyedQueue } from './keyed-queue.js';

export interface ApprovalDeps {
  reviews: ReviewStore;
  accounts: AccountStore;
  hub: Hub;
  push: (docId: string, event: ReviewEvent) => void;
  now?: () => number;
}

/** An approval as clients see it (without the stored content). */
export const approvalJson = (a: Approval) => ({
  version: a.version,
  at: a.at,
  approvers: a.approvers,
  summary: a.summary,
});

/**
 * Records an approval the moment a document becomes approved: a change-log row written by the
 * server into the document (date, next version, what changed since the last approval, the
 * approvers' names) that every client sees, and the approved content kept with it. The same
 * content is approved once; a later change and a new round of approvals make the next version.
 */
export class ApprovalService {
  private readonly queue = new KeyedQueue();
  private readonly now: () => number;

  constructor(private readonly deps: ApprovalDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Check after sign-offs were recorded; resolves with the new approval, if there is one. */
  afterSignoff(docId: string): Promise<Approval | null> {
    return this.queue.run(docId, () => this.check(docId));
  }

  private async check(docId: string): Promise<Approval | null> {
    const { reviews, accounts, hub } = this.deps;
    const room = hub.liveRoom(docId);
    // A sign-off needs its signer present, so the document is loaded; if it unloaded since,
    // the next sign-off checks again.
    if (room === null) return null;
    const sections = sectionsOf(yDocToJSON(room.doc));
    const [reviewers, records, approvals, step] = await Promise.all([
      reviews.getReviewers(docId),
      reviews.listSignoffs(docId),
      reviews.listApprovals(docId),
      reviews.getVersionStep(docId),
    ]);
    const status = approvalState(sections, reviewers, records);
    if (status.state !== 'approved') return null;
    const hashes = Object.fromEntries(sections.map((s) => [s.id, s.contentHash]));
    const last = approvals.at(-1) ?? null;
    if (last !== null && sameHashes(last.sectionHashes, hashes)) return null;

    const names: string[] = [];
    for (const id of status.reviewers) names.push((await accounts.getUser(id))?.name ?? id);
    const at = this.now();
    const version = upcomingVersion(room.doc, approvals, step);
    const summary = approvalSummary(sections, last?.sectionHashes ?? null);
    // What was approved, before the server's own row is added.
    const approved = { markdown: yDocToMarkdown(room.doc), state: Y.encodeStateAsUpdate(room.doc) };
    const approval: Approval = {
      docId,
      version,
      at,
      approvers: status.reviewers,
      summary,
      sectionHashes: hashes,
      ...approved,
    };
    // Stored first, atomically refused if another instance approved the same content a moment
    // ago: the document gets one approval and one change-log row, whichever instance wins.
    if (!(await reviews.appendApproval(approval))) return null;
    await room.applyServerChange((doc) => {
      appendChangeLogRow(doc, [
        new Date(at).toISOString().slice(0, 10),
        version,
        summary,
        names.join(', '),
      ]);
    });
    // A major step is chosen for one approval; the one after is minor again.
    if (step === 'major') await reviews.setVersionStep(docId, 'minor');
    this.deps.push(docId, { kind: 'approval', approval: approvalJson(approval) });
    return approval;
  }
}

/** What the next approval will be recorded as: past every change-log row and every approval. */
export function upcomingVersion(
  doc: Y.Doc,
  approvals: readonly Approval[],
  step: 'minor' | 'major',
): string {
  return nextChangeLogVersion(
    [...changeLogVersions(doc), ...approvals.map((a) => a.version)],
    step,
  );
}
