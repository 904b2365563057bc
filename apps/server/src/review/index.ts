import { yDocToJSON } from '@ratify/schema';
import { Router } from 'express';
import type { Logger } from 'pino';
import type { Audit } from '../auth/audit.js';
import { commentsRouter } from '../http/comments.js';
import { reviewRouter } from '../http/review.js';
import { webhooksRouter } from '../http/webhooks.js';
import type { Metrics } from '../metrics.js';
import type { Notifier } from '../notify/notifier.js';
import type { AccountStore } from '../storage/accounts.js';
import type { CommentStore } from '../storage/comments.js';
import type { RequestLog } from '../storage/requests.js';
import type { ReviewStore } from '../storage/review.js';
import type { Storage } from '../storage/storage.js';
import type { WebhookStore } from '../storage/webhooks.js';
import { readDocState } from '../sync/doc-state.js';
import type { Hub } from '../sync/hub.js';
import { ApprovalService } from './approvals.js';
import { ReviewNotices } from './notices.js';
import { RoundCloser } from './rounds.js';
import { SignoffService } from './signoffs.js';
import { StaleWatcher } from './staleness.js';
import { WebhookDispatcher } from './webhooks.js';

export interface Review {
  router: Router;
  webhooks: WebhookDispatcher;
  /** Someone joined a document: if a sign-off round is open, they attended it. */
  noteAttendance(docId: string, userId: string): void;
  /** A document's content changed (sign-offs on it may have gone stale). */
  documentChanged(docId: string): void;
  close(): void;
}

/** Comments, sign-off, approvals and rounds wired together over the stores and the hub. */
export function createReview(deps: {
  storage: Storage;
  accounts: AccountStore;
  reviews: ReviewStore;
  comments: CommentStore;
  requests: RequestLog;
  webhookStore: WebhookStore;
  webhookAllowHttp: boolean;
  webhookRetryDelaysMs?: number[];
  hub: Hub;
  audit: Audit;
  notifier: Notifier;
  metrics: Metrics;
  /** How rarely documents whose sign-offs are all stale are checked for a revert (tests). */
  staleRecheckMs?: number;
  log: Logger;
  /** A comment thread changed (opened, replied to, edited, deleted, resolved). */
  threadChanged?: (docId: string) => void;
  /** A document was approved as `version` (its change-log row is written by then). */
  approved?: (docId: string, version: string) => Promise<void>;
}): Review {
  const { storage, accounts, reviews, comments, hub, audit, log } = deps;
  const notices = new ReviewNotices({ notifier: deps.notifier, accounts });
  /** Notifications never fail what caused them. */
  const told = async (work: Promise<void>) => {
    try {
      await work;
    } catch (error) {
      log.error({ err: error }, 'notifying failed');
    }
  };
  const webhooks = new WebhookDispatcher({
    store: deps.webhookStore,
    log,
    ...(deps.webhookRetryDelaysMs !== undefined
      ? { retryDelaysMs: deps.webhookRetryDelaysMs }
      : {}),
  });
  const approvals = new ApprovalService({
    reviews,
    accounts,
    hub,
    push: (docId, event) => {
      hub.pushReview(docId, event);
      if (event.kind === 'approval') {
        webhooks.emit(docId, 'document.approved', { approval: event.approval });
        deps.approved?.(docId, event.approval.version).catch((error: unknown) => {
          log.error({ err: error, docId }, 'keeping the approved version failed');
        });
        void told(notices.approved(docId, event.approval));
      }
    },
  });
  const rounds = new RoundCloser({ reviews, hub, audit });
  const stale = new StaleWatcher({
    reviews,
    hub,
    log,
    stale: (docId, sections) => webhooks.emit(docId, 'section.stale', { sections }),
    gauge: deps.metrics.staleSignoffs,
    ...(deps.staleRecheckMs !== undefined ? { recheckMs: deps.staleRecheckMs } : {}),
  });
  const signoffs = new SignoffService({
    store: reviews,
    content: async (docId) => (await readDocState(hub, storage, docId, yDocToJSON))?.value ?? null,
    isPresent: (docId, userId) => hub.confirmPresent(docId, userId),
    recorded: (docId, records) => {
      hub.pushReview(docId, { kind: 'signoffs', records });
      webhooks.emit(docId, 'signoff.recorded', { records });
      stale.recorded(docId);
      rounds.afterSignoff(docId).catch((error: unknown) => {
        log.error({ err: error, docId }, 'closing an answered round failed');
      });
      // The sign-off stands either way; a failed approval is retried by the next sign-off.
      approvals.afterSignoff(docId).catch((error: unknown) => {
        log.error({ err: error, docId }, 'recording an approval failed');
      });
    },
  });
  const router = Router();
  router.use(
    reviewRouter({
      storage,
      accounts,
      reviews,
      comments,
      signoffs,
      hub,
      audit,
      requests: deps.requests,
      hooks: {
        reviewersChanged: (docId, actorId, before, after) =>
          told(notices.reviewersChanged(docId, actorId, before, after)),
        roundStarted: (docId, actorId, waiting) =>
          told(notices.roundStarted(docId, actorId, waiting)),
        threadsOpened: async (docId, threads) => {
          for (const thread of threads) {
            const first = thread.comments[0];
            if (first === undefined) continue;
            await told(
              notices.comment(docId, thread, first, {
                sectionId: thread.sectionId,
                sectionTitle: null,
              }),
            );
          }
        },
      },
    }),
  );
  router.use(
    commentsRouter({
      storage,
      accounts,
      comments,
      hub,
      requests: deps.requests,
      ...(deps.threadChanged !== undefined ? { threadChanged: deps.threadChanged } : {}),
      created: (docId, thread) => webhooks.emit(docId, 'comment.created', { thread }),
      commented: (docId, thread, comment, where, previousBody) =>
        told(notices.comment(docId, thread, comment, where, previousBody)),
    }),
  );
  router.use(
    webhooksRouter({
      storage,
      accounts,
      webhooks: deps.webhookStore,
      allowHttp: deps.webhookAllowHttp,
    }),
  );
  return {
    router,
    webhooks,
    documentChanged: (docId) => stale.changed(docId),
    close: () => {
      stale.close();
      webhooks.close();
    },
    noteAttendance(docId, userId) {
      reviews
        .currentRound(docId)
        .then((round) =>
          round === null ? undefined : reviews.addRoundAttendees(docId, round.id, [userId]),
        )
        .catch((error: unknown) => log.warn({ err: error, docId }, 'could not note attendance'));
    },
  };
}
