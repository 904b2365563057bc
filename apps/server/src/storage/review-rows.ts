import type { SignoffRecord, Verdict } from '@ratify/schema';
import type { Approval, Round } from './review.js';
import { type Int, int, intOrNull, json } from './rows.js';

/** Rows of the review tables, in both backends. */
export interface SignoffRow {
  doc_id: string;
  seq: Int;
  section_id: string;
  signer_id: string;
  verdict: Verdict;
  content_hash: string;
  round_id: string | null;
  at: Int;
  prev_hash: string;
  hash: string;
}

export interface RoundRow {
  id: string;
  doc_id: string;
  started_by: string;
  started_at: Int;
  ended_at: Int | null;
  attendees: string | string[];
}

export interface ApprovalRow {
  version: string;
  at: Int;
  approvers: string | string[];
  summary: string;
  section_hashes: string | Record<string, string>;
  markdown: string;
  state: Buffer;
}

export const SIGNOFF_COLUMNS =
  'doc_id, seq, section_id, signer_id, verdict, content_hash, round_id, at, prev_hash, hash';

export const APPROVAL_COLUMNS = 'version, at, approvers, summary, section_hashes, markdown, state';

export const toRecord = (r: SignoffRow): SignoffRecord => ({
  docId: r.doc_id,
  seq: int(r.seq),
  sectionId: r.section_id,
  signerId: r.signer_id,
  verdict: r.verdict,
  contentHash: r.content_hash,
  roundId: r.round_id,
  at: int(r.at),
  prevHash: r.prev_hash,
  hash: r.hash,
});

export const toRound = (r: RoundRow): Round => ({
  id: r.id,
  docId: r.doc_id,
  startedBy: r.started_by,
  startedAt: int(r.started_at),
  endedAt: intOrNull(r.ended_at),
  attendees: json<string[]>(r.attendees),
});

export const toApproval = (docId: string, r: ApprovalRow): Approval => ({
  docId,
  version: r.version,
  at: int(r.at),
  approvers: json<string[]>(r.approvers),
  summary: r.summary,
  sectionHashes: json<Record<string, string>>(r.section_hashes),
  markdown: r.markdown,
  state: new Uint8Array(r.state),
});

/** A record's values in SIGNOFF_COLUMNS order, for an INSERT on either database. */
export const signoffValues = (record: SignoffRecord) => [
  record.docId,
  record.seq,
  record.sectionId,
  record.signerId,
  record.verdict,
  record.contentHash,
  record.roundId,
  record.at,
  record.prevHash,
  record.hash,
];
