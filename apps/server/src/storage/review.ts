import type { Reviewers, SignoffRecord, VersionStep } from '@ratify/schema';

/**
 * Review data the server owns: who must sign, the sign-off records (an append-only hash chain
 * per document) and sign-off rounds. A backend implements this beside `Storage` and
 * `AccountStore` and passes `registerReviewContractTests`.
 */

export interface Round {
  id: string;
  docId: string;
  startedBy: string;
  startedAt: number;
  /** null while it is open. */
  endedAt: number | null;
  /** Who was present when it was called and while it ran (the meeting's attendance). */
  attendees: string[];
}

/** A document approved: every required reviewer approved every section they cover. */
export interface Approval {
  docId: string;
  /** The change-log version it was recorded as (1.0, 1.1 …). */
  version: string;
  at: number;
  approvers: string[];
  /** One line: the sections changed since the previous approval. */
  summary: string;
  /** Section id → content hash, as approved. */
  sectionHashes: Record<string, string>;
  /** What exactly was approved: the document as Markdown and as a Yjs update. */
  markdown: string;
  state: Uint8Array;
}

export interface ReviewStore {
  getReviewers(docId: string): Promise<Reviewers>;
  setReviewers(docId: string, reviewers: Reviewers): Promise<void>;

  /**
   * Append a record at the head of the document's chain: stored only if `record.seq` is one
   * past the last record and `record.prevHash` is the last record's hash (else
   * ChainConflictError, and nothing is stored), so two writers can never fork the chain.
   */
  appendSignoff(record: SignoffRecord, signedMarkdown?: string): Promise<void>;
  /**
   * The section's Markdown as it was signed in these records (by seq), where it was kept: what a
   * stale sign-off is compared with. Not part of the chain (the hash pins the content).
   */
  signedMarkdown(docId: string, seqs: number[]): Promise<Map<number, string>>;
  /** The document's records, oldest first. */
  listSignoffs(docId: string): Promise<SignoffRecord[]>;
  /** The last record, or null. */
  lastSignoff(docId: string): Promise<SignoffRecord | null>;

  startRound(round: Omit<Round, 'endedAt'>): Promise<void>;
  /** The open round, or null. */
  currentRound(docId: string): Promise<Round | null>;
  addRoundAttendees(docId: string, roundId: string, userIds: string[]): Promise<void>;
  /** Close the open round; false if none was open. */
  endRound(docId: string, roundId: string, now: number): Promise<boolean>;

  appendApproval(approval: Approval): Promise<void>;
  /** Oldest first. */
  listApprovals(docId: string): Promise<Approval[]>;

  /** How far the next approval moves the version (minor until an owner chooses major). */
  getVersionStep(docId: string): Promise<VersionStep>;
  setVersionStep(docId: string, step: VersionStep): Promise<void>;

  /**
   * Forget a deleted document's reviewers, rounds and settings (its sign-off records stay, for
   * audit).
   */
  deleteDocReview(docId: string): Promise<void>;
}

export class ChainConflictError extends Error {
  override name = 'ChainConflictError';
  constructor(readonly docId: string) {
    super(`another sign-off of ${docId} was recorded first`);
  }
}
