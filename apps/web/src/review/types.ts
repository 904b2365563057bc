import type { ReviewEvent, ReviewRound, SignoffState, Verdict, VersionStep } from '@ratify/schema';
import type { ChangeLine } from './diff-view';

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
  /** How far the next approval moves the version, and what it will be (newer servers). */
  nextStep?: VersionStep;
  nextVersion?: string;
}

/** The owner's choice for the next approval (`PUT /api/docs/:id/approval/next`, pushed live). */
export interface NextVersion {
  step: VersionStep;
  version: string;
}

/** One section as `GET /api/docs/:id/sections` describes it, from the server's live state. */
export interface SectionStatus {
  id: string;
  title: string;
  level: number;
  contentHash: string;
  reviewers: string[];
  signoffs: Array<{
    signer: string;
    verdict: Verdict;
    at: string;
    seq: number;
    state: SignoffState;
    /** For a stale sign-off: the section's Markdown lines changed since it was signed. */
    changes: ChangeLine[] | null;
  }>;
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
