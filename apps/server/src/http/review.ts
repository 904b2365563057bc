import {
  latestSignoffs,
  type Reviewers,
  reviewersOf,
  type SectionInfo,
  sectionMarkdown,
  sectionsOf,
  signoffState,
  VERDICTS,
  VERSION_STEPS,
  verifySignoffChain,
  yDocToJSON,
} from '@ratify/schema';
import { Router } from 'express';
import { z } from 'zod';
import type { Audit } from '../auth/audit.js';
import { newId } from '../ids.js';
import { approvalState } from '../review/approval.js';
import { approvalJson, upcomingVersion } from '../review/approvals.js';
import { sectionChanges } from '../review/changes.js';
import { SignoffRefused, type SignoffService } from '../review/signoffs.js';
import type { AccountStore } from '../storage/accounts.js';
import type { CommentStore, StoredThread } from '../storage/comments.js';
import type { RequestLog } from '../storage/requests.js';
import type { ReviewStore, Round } from '../storage/review.js';
import type { Storage } from '../storage/storage.js';
import { readDocState } from '../sync/doc-state.js';
import type { Hub } from '../sync/hub.js';
import { threadView } from './comments.js';
import { DocAccess, docIdParam, documentNotFound } from './doc-access.js';
import { HttpError, parseOr400 } from './errors.js';
import { idempotent } from './idempotency.js';

const HashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'contentHash must be 64 hex characters');
const SectionIdSchema = z.string().min(1).max(64);

/**
 * With "request changes": what should change. It opens a comment thread on each section the
 * verdict is given for (optional, so a verdict alone still works).
 */
const RequestComment = z.string().trim().min(1).max(10_000).optional();

export const SignoffBodySchema = z.union([
  z.strictObject({
    sectionId: SectionIdSchema,
    verdict: z.enum(VERDICTS),
    contentHash: HashSchema,
    comment: RequestComment,
  }),
  z.strictObject({
    verdict: z.enum(VERDICTS),
    sections: z
      .array(z.strictObject({ sectionId: SectionIdSchema, contentHash: HashSchema }))
      .min(1)
      .max(500),
    comment: RequestComment,
  }),
]);

export const ReviewersBodySchema = z.strictObject({
  document: z.array(z.string().min(1)).max(100),
  sections: z.record(SectionIdSchema, z.array(z.string().min(1)).max(100)).default({}),
});

export const VersionStepBodySchema = z.strictObject({ step: z.enum(VERSION_STEPS) });

/** Told about review changes that notify people (awaited; they never throw). */
export interface ReviewHooks {
  reviewersChanged(
    docId: string,
    actorId: string,
    before: Reviewers,
    after: Reviewers,
  ): Promise<void>;
  roundStarted(
    docId: string,
    actorId: string,
    waiting: ReadonlyArray<{ sectionId: string; reviewerId: string }>,
  ): Promise<void>;
  /** Requested changes opened these threads with their first comments. */
  threadsOpened(docId: string, threads: StoredThread[]): Promise<void>;
}

export interface ReviewRouterDeps {
  hooks?: ReviewHooks;
  storage: Storage;
  accounts: AccountStore;
  reviews: ReviewStore;
  comments: CommentStore;
  signoffs: SignoffService;
  hub: Hub;
  audit: Audit;
  /** Request ids: a retried sign-off (same Idempotency-Key) is recorded once. */
  requests: RequestLog;
}

const roundJson = (round: Round | null) =>
  round === null
    ? null
    : {
        id: round.id,
        startedBy: round.startedBy,
        startedAt: round.startedAt,
        endedAt: round.endedAt,
        attendees: round.attendees,
      };

/**
 * Reviewers, sign-offs, the chain's verification, sections with their sign-off state, and
 * sign-off rounds. Every change is checked here, stored, and pushed live to the document's
 * `?review=1` connections; no client writes review data any other way.
 */
export function reviewRouter(deps: ReviewRouterDeps): Router {
  const { storage, accounts, reviews, comments, signoffs, hub, audit } = deps;
  const access = new DocAccess(storage, accounts);
  const router = Router();
  const docId = docIdParam;

  async function sections(id: string): Promise<SectionInfo[]> {
    const state = await readDocState(hub, storage, id, (doc) => sectionsOf(yDocToJSON(doc)));
    if (state === null) throw documentNotFound(id);
    return state.value;
  }

  router.get('/docs/:id/reviewers', async (req, res) => {
    const id = docId(req.params.id);
    await access.require(res, id, 'read');
    res.json(await reviews.getReviewers(id));
  });

  router.put('/docs/:id/reviewers', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'manageMembers');
    const body: Reviewers = parseOr400(ReviewersBodySchema, req.body ?? {});
    const members = new Set((await accounts.listMembers(id)).map((m) => m.userId));
    const named = [...body.document, ...Object.values(body.sections).flat()];
    const strangers = [...new Set(named.filter((userId) => !members.has(userId)))];
    if (strangers.length > 0) {
      throw new HttpError(
        422,
        'not_a_member',
        `reviewers must be members of the document; not members: ${strangers.join(', ')}`,
      );
    }
    const before = await reviews.getReviewers(id);
    const reviewers = {
      document: [...new Set(body.document)],
      sections: Object.fromEntries(
        Object.entries(body.sections).map(([sectionId, ids]) => [sectionId, [...new Set(ids)]]),
      ),
    };
    await reviews.setReviewers(id, reviewers);
    hub.pushReview(id, { kind: 'reviewers', reviewers });
    await audit.record({
      docId: id,
      userId: auth.user.id,
      action: 'reviewers_changed',
      detail: { reviewers },
    });
    await deps.hooks?.reviewersChanged(id, auth.user.id, before, reviewers);
    res.json(reviewers);
  });

  router.post('/docs/:id/signoffs', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'read');
    const body = parseOr400(SignoffBodySchema, req.body ?? {});
    const requests =
      'sections' in body
        ? body.sections
        : [{ sectionId: body.sectionId, contentHash: body.contentHash }];
    await idempotent(deps.requests, req, res, auth.user.id, async () => {
      const round = await reviews.currentRound(id);
      try {
        const records = await signoffs.record(
          id,
          auth.user.id,
          body.verdict,
          requests,
          round?.id ?? null,
        );
        audit.note({
          docId: id,
          userId: auth.user.id,
          action: 'signoff_recorded',
          detail: { verdict: body.verdict, sections: requests.map((r) => r.sectionId) },
        });
        const threads =
          body.verdict === 'changes_requested' && body.comment !== undefined
            ? await openThreads(
                id,
                auth.user.id,
                requests.map((r) => r.sectionId),
                body.comment,
              )
            : [];
        res.status(201).json({ records, threads });
      } catch (error) {
        if (error instanceof SignoffRefused) {
          throw new HttpError(error.refusal.status, error.refusal.code, error.refusal.message);
        }
        throw error;
      }
    });
  });

  /** Requested changes open a thread on each section, pushed like any new thread. */
  async function openThreads(id: string, authorId: string, sectionIds: string[], body: string) {
    const now = Date.now();
    const ids: string[] = [];
    for (const sectionId of sectionIds) {
      const threadId = newId();
      await comments.createThread(
        { id: threadId, docId: id, sectionId, anchor: null, authorId, createdAt: now },
        { id: newId(), threadId, authorId, body, createdAt: now, editedAt: null, deletedAt: null },
      );
      ids.push(threadId);
    }
    const stored = (await comments.listThreads(id)).filter((t) => ids.includes(t.id));
    for (const thread of stored) await comments.markThreadRead(authorId, thread.id, now);
    await deps.hooks?.threadsOpened(id, stored);
    const views = await readDocState(hub, storage, id, (doc) => {
      const current = new Set(sectionsOf(yDocToJSON(doc)).map((s) => s.id));
      return stored.map((t) => threadView(t, doc, current));
    });
    for (const thread of views?.value ?? []) hub.pushReview(id, { kind: 'thread', thread });
    return views?.value ?? [];
  }

  router.get('/docs/:id/signoffs', async (req, res) => {
    const id = docId(req.params.id);
    await access.require(res, id, 'read');
    res.json({ records: await reviews.listSignoffs(id) });
  });

  router.get('/docs/:id/signoffs/verify', async (req, res) => {
    const id = docId(req.params.id);
    await access.require(res, id, 'read');
    res.json(verifySignoffChain(id, await reviews.listSignoffs(id)));
  });

  router.get('/docs/:id/sections', async (req, res) => {
    const id = docId(req.params.id);
    await access.require(res, id, 'read');
    const [content, reviewers, records] = await Promise.all([
      readDocState(hub, storage, id, yDocToJSON),
      reviews.getReviewers(id),
      reviews.listSignoffs(id),
    ]);
    if (content === null) throw documentNotFound(id);
    const current = sectionsOf(content.value);
    const latest = latestSignoffs(records);
    const stale = latest.filter(
      (r) =>
        signoffState(r, current.find((s) => s.id === r.sectionId)?.contentHash ?? null) === 'stale',
    );
    const signed = await reviews.signedMarkdown(
      id,
      stale.map((r) => r.seq),
    );
    res.json({
      sections: current.map((section) => {
        const now = sectionMarkdown(content.value, section.id) ?? '';
        return {
          ...section,
          reviewers: reviewersOf(reviewers, section.id),
          signoffs: latest
            .filter((r) => r.sectionId === section.id)
            .map((r) => {
              const state = signoffState(r, section.contentHash);
              const then = signed.get(r.seq);
              return {
                signer: r.signerId,
                verdict: r.verdict,
                at: new Date(r.at).toISOString(),
                seq: r.seq,
                state,
                // For a stale sign-off: what changed since it was given.
                changes: state === 'stale' && then !== undefined ? sectionChanges(then, now) : null,
              };
            }),
        };
      }),
    });
  });

  router.get('/docs/:id/approval', async (req, res) => {
    const id = docId(req.params.id);
    await access.require(res, id, 'read');
    const [reviewers, records, approvals, step] = await Promise.all([
      reviews.getReviewers(id),
      reviews.listSignoffs(id),
      reviews.listApprovals(id),
      reviews.getVersionStep(id),
    ]);
    const state = await readDocState(hub, storage, id, (doc) => ({
      current: sectionsOf(yDocToJSON(doc)),
      nextVersion: upcomingVersion(doc, approvals, step),
    }));
    if (state === null) throw documentNotFound(id);
    const status = approvalState(state.value.current, reviewers, records);
    const last = approvals.at(-1);
    res.json({
      state: status.state,
      waiting: status.waiting,
      // The approval in force: the last one, while the document is still approved.
      current: status.state === 'approved' && last !== undefined ? approvalJson(last) : null,
      history: approvals.map(approvalJson),
      nextStep: step,
      nextVersion: state.value.nextVersion,
    });
  });

  router.put('/docs/:id/approval/next', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'manageMembers');
    const { step } = parseOr400(VersionStepBodySchema, req.body ?? {});
    await reviews.setVersionStep(id, step);
    const approvals = await reviews.listApprovals(id);
    const state = await readDocState(hub, storage, id, (doc) =>
      upcomingVersion(doc, approvals, step),
    );
    if (state === null) throw documentNotFound(id);
    hub.pushReview(id, { kind: 'versionStep', step, nextVersion: state.value });
    await audit.record({
      docId: id,
      userId: auth.user.id,
      action: 'version_step_changed',
      detail: { step },
    });
    res.json({ nextStep: step, nextVersion: state.value });
  });

  router.post('/docs/:id/rounds', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'manageMembers');
    if ((await reviews.currentRound(id)) !== null) {
      throw new HttpError(409, 'round_open', 'a sign-off round is already open: end it first');
    }
    const round = {
      id: newId(),
      docId: id,
      startedBy: auth.user.id,
      startedAt: Date.now(),
      attendees: [...hub.presentUserIds(id)],
    };
    await reviews.startRound(round);
    const started = await reviews.currentRound(id);
    hub.pushReview(id, { kind: 'round', round: roundJson(started) });
    const [current, reviewers, records] = await Promise.all([
      sections(id),
      reviews.getReviewers(id),
      reviews.listSignoffs(id),
    ]);
    await deps.hooks?.roundStarted(
      id,
      auth.user.id,
      approvalState(current, reviewers, records).waiting,
    );
    await audit.record({
      docId: id,
      userId: auth.user.id,
      action: 'round_started',
      detail: { round: round.id, attendees: round.attendees },
    });
    res.status(201).json({ round: roundJson(started) });
  });

  router.get('/docs/:id/rounds/current', async (req, res) => {
    const id = docId(req.params.id);
    await access.require(res, id, 'read');
    res.json({ round: roundJson(await reviews.currentRound(id)) });
  });

  router.delete('/docs/:id/rounds/current', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'manageMembers');
    const round = await reviews.currentRound(id);
    if (round === null) throw new HttpError(404, 'no_round', 'no sign-off round is open');
    // Whoever is present as it ends attended too.
    await reviews.addRoundAttendees(id, round.id, [...hub.presentUserIds(id)]);
    await reviews.endRound(id, round.id, Date.now());
    hub.pushReview(id, { kind: 'round', round: null });
    await audit.record({
      docId: id,
      userId: auth.user.id,
      action: 'round_ended',
      detail: { round: round.id },
    });
    res.status(204).end();
  });

  return router;
}
