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
   * Append the records `build` makes from the chain's head (the last record, or null), all or
   * none, one writer at a time per document across every instance on this store: no writer
   * ever builds on a head that another is extending. Each record must follow the one before it
   * (else ChainConflictError, nothing stored). Resolves with the stored records.
   */
  appendSignoffs(
    docId: string,
    build: (last: SignoffRecord | null) => SignoffEntry[],
  ): Promise<SignoffRecord[]>;
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

  /**
   * Record an approval, unless the document's last approval has the same section hashes (the
   * same content was approved already, e.g. by another instance a moment ago): false then, and
   * nothing is stored. Checked and written atomically, so racing writers store it once.
   */
  appendApproval(approval: Approval): Promise<boolean>;
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

/** A record to append, with the section's Markdown as it was signed (kept beside the chain). */
export interface SignoffEntry {
  record: SignoffRecord;
  signedMarkdown?: string | undefined;
}

/** Whether `record` is the next link after `last` (the head, or null for an empty chain). */
export function followsHead(last: SignoffRecord | null, record: SignoffRecord): boolean {
  return last === null
    ? record.seq === 1
    : record.seq === last.seq + 1 && record.prevHash === last.hash;
}

export class ChainConflictError extends Error {
  override name = 'ChainConflictError';
  constructor(readonly docId: string) {
    super(`another sign-off of ${docId} was recorded first`);
  }
}

/** Whether two approvals pinned the same content (section id → content hash). */
export function sameHashes(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
