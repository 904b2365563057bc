import type { Reviewers, SignoffRecord, VersionStep } from '@ratify/schema';
import type Database from 'better-sqlite3';
import {
  type Approval,
  ChainConflictError,
  followsHead,
  type ReviewStore,
  type Round,
  type SignoffEntry,
  sameHashes,
} from './review.js';
import {
  APPROVAL_COLUMNS,
  type ApprovalRow,
  type RoundRow,
  SIGNOFF_COLUMNS,
  type SignoffRow,
  signoffValues,
  toApproval,
  toRecord,
  toRound,
} from './review-rows.js';
import { json } from './rows.js';
import { withStatementCache } from './statement-cache.js';

const REVIEW_SCHEMA = `
CREATE TABLE IF NOT EXISTS reviewers (
  doc_id TEXT PRIMARY KEY,
  document TEXT NOT NULL,
  sections TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS signoffs (
  doc_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  section_id TEXT NOT NULL,
  signer_id TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('approve', 'changes_requested')),
  content_hash TEXT NOT NULL,
  round_id TEXT,
  at INTEGER NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (doc_id, seq)
) STRICT;
CREATE TABLE IF NOT EXISTS signoff_content (
  doc_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  markdown TEXT NOT NULL,
  PRIMARY KEY (doc_id, seq)
) STRICT;
CREATE TABLE IF NOT EXISTS rounds (
  id TEXT PRIMARY KEY,
  doc_id TEXT NOT NULL,
  started_by TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  attendees TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS rounds_open ON rounds(doc_id, ended_at);
CREATE TABLE IF NOT EXISTS approvals (
  doc_id TEXT NOT NULL,
  n INTEGER NOT NULL,
  version TEXT NOT NULL,
  at INTEGER NOT NULL,
  approvers TEXT NOT NULL,
  summary TEXT NOT NULL,
  section_hashes TEXT NOT NULL,
  markdown TEXT NOT NULL,
  state BLOB NOT NULL,
  PRIMARY KEY (doc_id, n)
) STRICT;
CREATE TABLE IF NOT EXISTS review_settings (
  doc_id TEXT PRIMARY KEY,
  version_step TEXT NOT NULL
) STRICT;
`;

/** ReviewStore on the same SQLite database as the documents (its own tables). */
export class SqliteReviewStore implements ReviewStore {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = withStatementCache(db);
    db.exec(REVIEW_SCHEMA);
  }

  async getReviewers(docId: string): Promise<Reviewers> {
    const row = this.db
      .prepare<[string], { document: string; sections: string }>(
        'SELECT document, sections FROM reviewers WHERE doc_id = ?',
      )
      .get(docId);
    if (row === undefined) return { document: [], sections: {} };
    return {
      document: JSON.parse(row.document) as string[],
      sections: JSON.parse(row.sections) as Record<string, string[]>,
    };
  }

  async setReviewers(docId: string, reviewers: Reviewers): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO reviewers (doc_id, document, sections) VALUES (?, ?, ?)
         ON CONFLICT (doc_id) DO UPDATE SET document = excluded.document, sections = excluded.sections`,
      )
      .run(docId, JSON.stringify(reviewers.document), JSON.stringify(reviewers.sections));
  }

  async appendSignoff(record: SignoffRecord, signedMarkdown?: string): Promise<void> {
    await this.appendSignoffs(record.docId, () => [{ record, signedMarkdown }]);
  }

  async appendSignoffs(
    docId: string,
    build: (last: SignoffRecord | null) => SignoffEntry[],
  ): Promise<SignoffRecord[]> {
    // One synchronous transaction: no other writer runs between reading the head and writing.
    return this.db.transaction(() => {
      const row = this.lastRow(docId);
      let last = row === undefined ? null : toRecord(row);
      const entries = build(last);
      for (const { record, signedMarkdown } of entries) {
        if (record.docId !== docId || !followsHead(last, record)) {
          throw new ChainConflictError(docId);
        }
        this.db
          .prepare(
            `INSERT INTO signoffs (${SIGNOFF_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(...signoffValues(record));
        if (signedMarkdown !== undefined) {
          this.db
            .prepare('INSERT INTO signoff_content (doc_id, seq, markdown) VALUES (?, ?, ?)')
            .run(record.docId, record.seq, signedMarkdown);
        }
        last = record;
      }
      return entries.map((e) => e.record);
    })();
  }

  async signedMarkdown(docId: string, seqs: number[]): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    const read = this.db.prepare<[string, number], { markdown: string }>(
      'SELECT markdown FROM signoff_content WHERE doc_id = ? AND seq = ?',
    );
    for (const seq of seqs) {
      const row = read.get(docId, seq);
      if (row !== undefined) found.set(seq, row.markdown);
    }
    return found;
  }

  async listSignoffs(docId: string): Promise<SignoffRecord[]> {
    return this.db
      .prepare<[string], SignoffRow>(
        `SELECT ${SIGNOFF_COLUMNS} FROM signoffs WHERE doc_id = ? ORDER BY seq`,
      )
      .all(docId)
      .map(toRecord);
  }

  async lastSignoff(docId: string): Promise<SignoffRecord | null> {
    const row = this.lastRow(docId);
    return row === undefined ? null : toRecord(row);
  }

  private lastRow(docId: string): SignoffRow | undefined {
    return this.db
      .prepare<[string], SignoffRow>(
        `SELECT ${SIGNOFF_COLUMNS} FROM signoffs WHERE doc_id = ? ORDER BY seq DESC LIMIT 1`,
      )
      .get(docId);
  }

  async startRound(round: Omit<Round, 'endedAt'>): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO rounds (id, doc_id, started_by, started_at, ended_at, attendees) VALUES (?, ?, ?, ?, NULL, ?)',
      )
      .run(
        round.id,
        round.docId,
        round.startedBy,
        round.startedAt,
        JSON.stringify(round.attendees),
      );
  }

  async currentRound(docId: string): Promise<Round | null> {
    const row = this.db
      .prepare<[string], RoundRow>(
        'SELECT * FROM rounds WHERE doc_id = ? AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1',
      )
      .get(docId);
    return row === undefined ? null : toRound(row);
  }

  async addRoundAttendees(docId: string, roundId: string, userIds: string[]): Promise<void> {
    this.db.transaction(() => {
      const row = this.db
        .prepare<[string, string], RoundRow>('SELECT * FROM rounds WHERE doc_id = ? AND id = ?')
        .get(docId, roundId);
      if (row === undefined) return;
      const attendees = [...toRound(row).attendees];
      for (const id of userIds) if (!attendees.includes(id)) attendees.push(id);
      this.db
        .prepare('UPDATE rounds SET attendees = ? WHERE id = ?')
        .run(JSON.stringify(attendees), roundId);
    })();
  }

  async endRound(docId: string, roundId: string, now: number): Promise<boolean> {
    return (
      this.db
        .prepare('UPDATE rounds SET ended_at = ? WHERE doc_id = ? AND id = ? AND ended_at IS NULL')
        .run(now, docId, roundId).changes > 0
    );
  }

  async appendApproval(approval: Approval): Promise<boolean> {
    const last = this.db
      .prepare<[string], { section_hashes: string }>(
        'SELECT section_hashes FROM approvals WHERE doc_id = ? ORDER BY n DESC LIMIT 1',
      )
      .get(approval.docId);
    // One synchronous step: nothing else writes between the check and the insert.
    if (
      last !== undefined &&
      sameHashes(json<Record<string, string>>(last.section_hashes), approval.sectionHashes)
    ) {
      return false;
    }
    this.db
      .prepare(
        `INSERT INTO approvals (doc_id, n, version, at, approvers, summary, section_hashes, markdown, state)
         VALUES (?, (SELECT COUNT(*) + 1 FROM approvals WHERE doc_id = ?), ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        approval.docId,
        approval.docId,
        approval.version,
        approval.at,
        JSON.stringify(approval.approvers),
        approval.summary,
        JSON.stringify(approval.sectionHashes),
        approval.markdown,
        Buffer.from(approval.state),
      );
    return true;
  }

  async listApprovals(docId: string): Promise<Approval[]> {
    return this.db
      .prepare<[string], ApprovalRow>(
        `SELECT ${APPROVAL_COLUMNS} FROM approvals WHERE doc_id = ? ORDER BY n`,
      )
      .all(docId)
      .map((r) => toApproval(docId, r));
  }

  async deleteDocReview(docId: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM reviewers WHERE doc_id = ?').run(docId);
      this.db.prepare('DELETE FROM rounds WHERE doc_id = ?').run(docId);
      this.db.prepare('DELETE FROM review_settings WHERE doc_id = ?').run(docId);
    })();
  }

  async getVersionStep(docId: string): Promise<VersionStep> {
    const row = this.db
      .prepare<[string], { version_step: string }>(
        'SELECT version_step FROM review_settings WHERE doc_id = ?',
      )
      .get(docId);
    return row?.version_step === 'major' ? 'major' : 'minor';
  }

  async setVersionStep(docId: string, step: VersionStep): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO review_settings (doc_id, version_step) VALUES (?, ?)
         ON CONFLICT (doc_id) DO UPDATE SET version_step = excluded.version_step`,
      )
      .run(docId, step);
  }
}
