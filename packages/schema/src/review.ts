import { sha256Hex } from './sections.js';

/**
 * Sign-off records and their hash chain: shared by the server (which writes and verifies them)
 * and the web client (which shows them and can check them too). A record pins the section's
 * canonical content hash (sections.ts) at the moment it was signed.
 */

export const VERDICTS = ['approve', 'changes_requested'] as const;
export type Verdict = (typeof VERDICTS)[number];

export function isVerdict(value: unknown): value is Verdict {
  return typeof value === 'string' && (VERDICTS as readonly string[]).includes(value);
}

/** The `prevHash` of a document's first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a record says; `hash` is computed over exactly these fields, in this order. */
export interface SignoffFields {
  docId: string;
  /** 1, 2, 3 … within the document. */
  seq: number;
  sectionId: string;
  signerId: string;
  verdict: Verdict;
  /** The section's canonical content hash that was signed. */
  contentHash: string;
  /** The sign-off round it was given in, if any. */
  roundId: string | null;
  /** Milliseconds since the epoch. */
  at: number;
  /** The previous record's `hash` (GENESIS_HASH for the first). */
  prevHash: string;
}

export interface SignoffRecord extends SignoffFields {
  hash: string;
}

/** The record's hash: SHA-256 hex of its fields as a JSON array in a fixed order. */
export function signoffHash(fields: SignoffFields): string {
  return sha256Hex(
    JSON.stringify([
      'ratify-signoff-v1',
      fields.docId,
      fields.seq,
      fields.sectionId,
      fields.signerId,
      fields.verdict,
      fields.contentHash,
      fields.roundId,
      fields.at,
      fields.prevHash,
    ]),
  );
}

export type ChainCheck =
  | { ok: true; length: number; head: string }
  | { ok: false; seq: number; problem: string };

/**
 * Recompute a document's chain, oldest first: every record must follow the one before (seq,
 * prevHash) and hash to what it says. Reports the first break.
 */
export function verifySignoffChain(docId: string, records: readonly SignoffRecord[]): ChainCheck {
  let prev = GENESIS_HASH;
  for (const [index, record] of records.entries()) {
    const seq = index + 1;
    if (record.docId !== docId) return { ok: false, seq, problem: 'belongs to another document' };
    if (record.seq !== seq) return { ok: false, seq, problem: `has seq ${record.seq}` };
    if (record.prevHash !== prev) {
      return { ok: false, seq, problem: 'does not follow the record before it' };
    }
    if (signoffHash(record) !== record.hash) {
      return { ok: false, seq, problem: 'does not match its hash (it was changed)' };
    }
    prev = record.hash;
  }
  return { ok: true, length: records.length, head: prev };
}

/** Review changes the server pushes live (MessageType.review frames). */
export type ReviewEvent =
  | { kind: 'signoffs'; records: SignoffRecord[] }
  | { kind: 'reviewers'; reviewers: Reviewers }
  | { kind: 'round'; round: ReviewRound | null }
  | { kind: 'approval'; approval: ApprovalSummary }
  | { kind: 'thread'; thread: CommentThreadView }
  /** The owner chose how far the next approval moves the version. */
  | { kind: 'versionStep'; step: 'minor' | 'major'; nextVersion: string };

/** A comment thread as clients see it, its anchor resolved against the content now. */
export interface CommentThreadView {
  id: string;
  /** The section it is on now (where its text is), or where it was opened. */
  sectionId: string;
  /** The quoted text and whether the range still covers it (removed: show the quote as removed). */
  anchor: { quote: string; start: string; end: string; state: 'attached' | 'removed' } | null;
  /** Its section no longer exists and its text is gone: listed apart, never lost. */
  detached: boolean;
  authorId: string;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  comments: Array<{
    id: string;
    authorId: string;
    /** Empty once deleted. */
    body: string;
    createdAt: string;
    editedAt: string | null;
    deleted: boolean;
  }>;
}

/** A recorded approval as clients see it (the change log has the same row). */
export interface ApprovalSummary {
  version: string;
  at: number;
  approvers: string[];
  summary: string;
}

/** A sign-off round as clients see it. */
export interface ReviewRound {
  id: string;
  startedBy: string;
  startedAt: number;
  endedAt: number | null;
  attendees: string[];
}

/** Who must sign which sections: everyone in `document` every section, unless a section names its own. */
export interface Reviewers {
  document: string[];
  sections: Record<string, string[]>;
}

export const NO_REVIEWERS: Reviewers = { document: [], sections: {} };

/** The required reviewers of one section. */
export function reviewersOf(reviewers: Reviewers, sectionId: string): string[] {
  return reviewers.sections[sectionId] ?? reviewers.document;
}

export type SignoffState = 'current' | 'stale';

/** A sign-off is current while the section still hashes to what was signed. */
export function signoffState(
  record: { contentHash: string },
  currentHash: string | null,
): SignoffState {
  return record.contentHash === currentHash ? 'current' : 'stale';
}

/**
 * Each reviewer's latest verdict per section (a later record replaces an earlier one of the same
 * signer and section).
 */
export function latestSignoffs(records: readonly SignoffRecord[]): SignoffRecord[] {
  const latest = new Map<string, SignoffRecord>();
  for (const record of records) latest.set(`${record.sectionId}\u0000${record.signerId}`, record);
  return [...latest.values()];
}
