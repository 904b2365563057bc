import type { Reviewers, SignoffRecord, VersionStep } from '@ratify/schema';
import type pg from 'pg';
import {
  type Approval,
  ChainConflictError,
  followsHead,
  type ReviewStore,
  type Round,
  type SignoffEntry,
  sameHashes,
} from '../review.js';
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
} from '../review-rows.js';
import { json } from '../rows.js';
import { inTransaction, pgText } from './pool.js';

/** PostgreSQL's unique_violation. */
const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';

/**
 * ReviewStore on PostgreSQL, shared by every instance: the chain's (doc_id, seq) key means two
 * instances extending the same head cannot both succeed (the loser gets ChainConflictError and
 * retries on the new head), and a partial unique index keeps one open round per document.
 */
export class PgReviewStore implements ReviewStore {
  constructor(private readonly pool: pg.Pool) {}

  async getReviewers(docId: string): Promise<Reviewers> {
    const { rows } = await this.pool.query<Reviewers>(
      'SELECT document, sections FROM reviewers WHERE doc_id = $1',
      [docId],
    );
    return rows[0] ?? { document: [], sections: {} };
  }

  async setReviewers(docId: string, reviewers: Reviewers): Promise<void> {
    await this.pool.query(
      `INSERT INTO reviewers (doc_id, document, sections) VALUES ($1, $2, $3)
       ON CONFLICT (doc_id) DO UPDATE SET document = excluded.document, sections = excluded.sections`,
      [docId, JSON.stringify(reviewers.document), JSON.stringify(reviewers.sections)],
    );
  }

  async appendSignoff(record: SignoffRecord, signedMarkdown?: string): Promise<void> {
    await this.appendSignoffs(record.docId, () => [{ record, signedMarkdown }]);
  }

  async appendSignoffs(
    docId: string,
    build: (last: SignoffRecord | null) => SignoffEntry[],
  ): Promise<SignoffRecord[]> {
    try {
      return await inTransaction(this.pool, async (client) => {
        // One writer per document chain across instances, held until this transaction ends.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
          `ratify-signoffs:${docId}`,
        ]);
        const { rows } = await client.query<SignoffRow>(
          `SELECT ${SIGNOFF_COLUMNS} FROM signoffs WHERE doc_id = $1 ORDER BY seq DESC LIMIT 1`,
          [docId],
        );
        let last = rows[0] === undefined ? null : toRecord(rows[0]);
        const entries = build(last);
        for (const { record, signedMarkdown } of entries) {
          if (record.docId !== docId || !followsHead(last, record)) {
            throw new ChainConflictError(docId);
          }
          await client.query(
            `INSERT INTO signoffs (${SIGNOFF_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
            signoffValues(record),
          );
          if (signedMarkdown !== undefined) {
            await client.query(
              'INSERT INTO signoff_content (doc_id, seq, markdown) VALUES ($1, $2, $3)',
              [record.docId, record.seq, pgText(signedMarkdown)],
            );
          }
          last = record;
        }
        return entries.map((e) => e.record);
      });
    } catch (error) {
      // Written past the lock (a row put there by hand, or an older instance): refused whole.
      if (isUniqueViolation(error)) throw new ChainConflictError(docId);
      throw error;
    }
  }

  async signedMarkdown(docId: string, seqs: number[]): Promise<Map<number, string>> {
    const { rows } = await this.pool.query<{ seq: string; markdown: string }>(
      'SELECT seq, markdown FROM signoff_content WHERE doc_id = $1 AND seq = ANY($2::bigint[])',
      [docId, seqs],
    );
    return new Map(rows.map((r) => [Number(r.seq), r.markdown]));
  }

  async listSignoffs(docId: string): Promise<SignoffRecord[]> {
    const { rows } = await this.pool.query<SignoffRow>(
      `SELECT ${SIGNOFF_COLUMNS} FROM signoffs WHERE doc_id = $1 ORDER BY seq`,
      [docId],
    );
    return rows.map(toRecord);
  }

  async lastSignoff(docId: string): Promise<SignoffRecord | null> {
    const { rows } = await this.pool.query<SignoffRow>(
      `SELECT ${SIGNOFF_COLUMNS} FROM signoffs WHERE doc_id = $1 ORDER BY seq DESC LIMIT 1`,
      [docId],
    );
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  async startRound(round: Omit<Round, 'endedAt'>): Promise<void> {
    await this.pool.query(
      `INSERT INTO rounds (id, doc_id, started_by, started_at, ended_at, attendees)
       VALUES ($1, $2, $3, $4, NULL, $5)`,
      [round.id, round.docId, round.startedBy, round.startedAt, JSON.stringify(round.attendees)],
    );
  }

  async currentRound(docId: string): Promise<Round | null> {
    const { rows } = await this.pool.query<RoundRow>(
      'SELECT * FROM rounds WHERE doc_id = $1 AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1',
      [docId],
    );
    return rows[0] === undefined ? null : toRound(rows[0]);
  }

  async addRoundAttendees(docId: string, roundId: string, userIds: string[]): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ attendees: string[] }>(
        'SELECT attendees FROM rounds WHERE doc_id = $1 AND id = $2 FOR UPDATE',
        [docId, roundId],
      );
      const row = rows[0];
      if (row === undefined) return;
      const attendees = [...row.attendees];
      for (const id of userIds) if (!attendees.includes(id)) attendees.push(id);
      if (attendees.length === row.attendees.length) return;
      await client.query('UPDATE rounds SET attendees = $2 WHERE id = $1', [
        roundId,
        JSON.stringify(attendees),
      ]);
    });
  }

  async endRound(docId: string, roundId: string, now: number): Promise<boolean> {
    const ended = await this.pool.query(
      'UPDATE rounds SET ended_at = $3 WHERE doc_id = $1 AND id = $2 AND ended_at IS NULL',
      [docId, roundId, now],
    );
    return (ended.rowCount ?? 0) > 0;
  }

  async appendApproval(approval: Approval): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      // Numbered in order per document, one writer at a time (across instances).
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `ratify-approval:${approval.docId}`,
      ]);
      const last = await client.query<{ section_hashes: string }>(
        'SELECT section_hashes FROM approvals WHERE doc_id = $1 ORDER BY n DESC LIMIT 1',
        [approval.docId],
      );
      const previous = last.rows[0];
      if (
        previous !== undefined &&
        sameHashes(json<Record<string, string>>(previous.section_hashes), approval.sectionHashes)
      ) {
        return false;
      }
      await client.query(
        `INSERT INTO approvals (doc_id, n, version, at, approvers, summary, section_hashes, markdown, state)
         VALUES ($1, (SELECT count(*) + 1 FROM approvals WHERE doc_id = $1), $2, $3, $4, $5, $6, $7, $8)`,
        [
          approval.docId,
          approval.version,
          approval.at,
          JSON.stringify(approval.approvers),
          pgText(approval.summary),
          JSON.stringify(approval.sectionHashes),
          pgText(approval.markdown),
          Buffer.from(approval.state),
        ],
      );
      return true;
    });
  }

  async listApprovals(docId: string): Promise<Approval[]> {
    const { rows } = await this.pool.query<ApprovalRow>(
      `SELECT ${APPROVAL_COLUMNS} FROM approvals WHERE doc_id = $1 ORDER BY n`,
      [docId],
    );
    return rows.map((r) => toApproval(docId, r));
  }

  async getVersionStep(docId: string): Promise<VersionStep> {
    const { rows } = await this.pool.query<{ version_step: string }>(
      'SELECT version_step FROM review_settings WHERE doc_id = $1',
      [docId],
    );
    return rows[0]?.version_step === 'major' ? 'major' : 'minor';
  }

  async setVersionStep(docId: string, step: VersionStep): Promise<void> {
    await this.pool.query(
      `INSERT INTO review_settings (doc_id, version_step) VALUES ($1, $2)
       ON CONFLICT (doc_id) DO UPDATE SET version_step = excluded.version_step`,
      [docId, step],
    );
  }

  async deleteDocReview(docId: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM reviewers WHERE doc_id = $1', [docId]);
      await client.query('DELETE FROM rounds WHERE doc_id = $1', [docId]);
      await client.query('DELETE FROM review_settings WHERE doc_id = $1', [docId]);
    });
  }
}
