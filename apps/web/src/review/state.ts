/**
 * Per-section review state, computed on the client from the live document: who must sign each
 * section, each one's latest verdict, whether it still matches the section's content (current)
 * or the section changed since (stale), and whether they are here now.
 */
import {
  latestSignoffs,
  type Reviewers,
  reviewersOf,
  type SectionInfo,
  type SignoffRecord,
  type SignoffState,
  signoffState,
  type Verdict,
} from '@ratify/schema';
import type { Approval, ApprovalRecord } from './types';

export interface ReviewerStatus {
  userId: string;
  /** The reviewer's latest verdict on the section; null: none yet. */
  verdict: Verdict | null;
  /** Null when there is no verdict. */
  state: SignoffState | null;
  at: number | null;
  /** Connected to the document now. */
  present: boolean;
}

export interface SectionReview extends SectionInfo {
  reviewers: ReviewerStatus[];
  /** Every required reviewer has a current approval (false when nobody is required). */
  approved: boolean;
  /** The signed-in user must review this section. */
  mine: boolean;
  /** The signed-in user's own status here (null when not theirs). */
  myStatus: ReviewerStatus | null;
}

export interface ReviewInput {
  sections: readonly SectionInfo[];
  reviewers: Reviewers;
  records: readonly SignoffRecord[];
  presentIds: ReadonlySet<string>;
  selfId: string | null;
}

export function sectionReviews({
  sections,
  reviewers,
  records,
  presentIds,
  selfId,
}: ReviewInput): SectionReview[] {
  const latest = new Map<string, SignoffRecord>();
  for (const record of latestSignoffs(records)) {
    latest.set(`${record.sectionId}\u0000${record.signerId}`, record);
  }
  return sections.map((section) => {
    const statuses = reviewersOf(reviewers, section.id).map((userId): ReviewerStatus => {
      const record = latest.get(`${section.id}\u0000${userId}`);
      return {
        userId,
        verdict: record?.verdict ?? null,
        state: record ? signoffState(record, section.contentHash) : null,
        at: record?.at ?? null,
        present: presentIds.has(userId),
      };
    });
    const myStatus = statuses.find((s) => s.userId === selfId) ?? null;
    return {
      ...section,
      reviewers: statuses,
      approved: statuses.length > 0 && statuses.every(isCurrentApproval),
      mine: myStatus !== null,
      myStatus,
    };
  });
}

export function isCurrentApproval(status: ReviewerStatus): boolean {
  return status.verdict === 'approve' && status.state === 'current';
}

/** The signed-in user's sections that still wait for their current approval. */
export function waitingForMe(reviews: readonly SectionReview[]): SectionReview[] {
  return reviews.filter((r) => r.myStatus !== null && !isCurrentApproval(r.myStatus));
}

export interface ReviewSummary {
  /** Sections with at least one required reviewer. */
  required: number;
  approved: number;
  stale: number;
  changesRequested: number;
}

export function reviewSummary(reviews: readonly SectionReview[]): ReviewSummary {
  const summary: ReviewSummary = { required: 0, approved: 0, stale: 0, changesRequested: 0 };
  for (const review of reviews) {
    if (review.reviewers.length === 0) continue;
    summary.required++;
    if (review.approved) summary.approved++;
    if (review.reviewers.some((s) => s.state === 'stale')) summary.stale++;
    if (review.reviewers.some((s) => s.verdict === 'changes_requested' && s.state === 'current')) {
      summary.changesRequested++;
    }
  }
  return summary;
}

/** Records merged by seq (pushes and loads may overlap or arrive out of order), oldest first. */
export function mergeRecords(
  known: readonly SignoffRecord[],
  incoming: readonly SignoffRecord[],
): SignoffRecord[] {
  const bySeq = new Map<number, SignoffRecord>();
  for (const record of known) bySeq.set(record.seq, record);
  for (const record of incoming) bySeq.set(record.seq, record);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Whether two section lists are the same (ids, titles, levels and hashes). */
export function sameSections(a: readonly SectionInfo[], b: readonly SectionInfo[]): boolean {
  return (
    a.length === b.length &&
    a.every((s, i) => {
      const o = b[i];
      return (
        o !== undefined &&
        s.id === o.id &&
        s.title === o.title &&
        s.level === o.level &&
        s.contentHash === o.contentHash
      );
    })
  );
}

export const VERDICT_TEXT: Record<Verdict, string> = {
  approve: 'Approved',
  changes_requested: 'Changes requested',
};

export interface DocumentStatus {
  state: Approval['state'];
  /** The approval in force, or the last one there was. */
  last: ApprovalRecord | null;
}

/**
 * The document's status: approved when the server says so and the live content agrees (an edit
 * that makes a sign-off stale shows at once; the server's next answer agrees), otherwise from
 * the live content. `approval` null: the server records no approvals.
 */
export function documentStatus(summary: ReviewSummary, approval: Approval | null): DocumentStatus {
  const last = approval?.current ?? approval?.history?.at(-1) ?? null;
  if (summary.required === 0) return { state: 'no_reviewers', last };
  const allApproved = summary.approved === summary.required;
  return { state: allApproved && approval?.state === 'approved' ? 'approved' : 'in_review', last };
}
