import type { ReviewEvent, ReviewRound } from '@ratify/schema';

/** A recorded approval (the change log has the same row). */
export interface ApprovalRecord {
  version: string;
  at: number;
  approvers: string[];
  summary: string;
}

/** The document's approval as the server computes it (`GET /api/docs/:id/approval`). */
export interface Approval {
  state: 'approved' | 'in_review' | 'no_reviewers';
  /** The approval in force (null unless the document is approved now). */
  current: ApprovalRecord | null;
  /** Every approval so far, oldest first. */
  history?: ApprovalRecord[];
}

/**
 * What a `?review=1` connection receives: the schema's events, and the approval push (the
 * approval just recorded; a whole `Approval` is understood too).
 */
export type PushedReviewEvent =
  | ReviewEvent
  | { kind: 'approval'; approval: ApprovalRecord | Approval };

/** The approval a push means. */
export function approvalFromPush(pushed: ApprovalRecord | Approval): Approval {
  return 'state' in pushed ? pushed : { state: 'approved', current: pushed, history: [pushed] };
}

export type { ReviewRound };
