import { yDocToJSON } from '@ratify/schema';
import { Router } from 'express';
import type { Logger } from 'pino';
import type { Audit } from '../auth/audit.js';
import { commentsRouter } from '../http/comments.js';
import { reviewRouter } from '../http/review.js';
import { webhooksRouter } from '../http/webhooks.js';
import type { AccountStore } from '../storage/accounts.js';
import type { CommentStore } from '../storage/comments.js';
import type { ReviewStore } from '../storage/review.js';
import type { Storage } from '../storage/storage.js';
import type { WebhookStore } from '../storage/webhooks.js';
import { readDocState } from '../sync/doc-state.js';
import type { Hub } from '../sync/hub.js';
import { ApprovalService } from './approvals.js';
import { SignoffService } from './signoffs.js';
import { WebhookDispatcher } from './webhooks.js';

export interface Review {
  router: Router;
  webhooks: WebhookDispatcher;
  /** Someone joined a document: if a sign-off round is open, they attended it. */
  noteAttendance(docId: string, userId: string): void;
}

/** Comments, sign-off, approvals and rounds wired together over the stores and the hub. */
export function createReview(deps: {
  storage: Storage;
  accounts: AccountStore;
  reviews: ReviewStore;
  comments: CommentStore;
  webhookStore: WebhookStore;
  webhookAllowHttp: boolean;
  webhookRetryDelaysMs?: number[];
  hub: Hub;
  audit: Audit;
  log: Logger;
}): Review {
  const { storage, accounts, reviews, comments, hub, audit, log } = deps;
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
      }
    },
  });
  const signoffs = new SignoffService({
    store: reviews,
    content: async (docId) => (await readDocState(hub, storage, docId, yDocToJSON))?.value ?? null,
    isPresent: (docId, userId) => hub.presentUserIds(docId).has(userId),
    recorded: (docId, records) => {
      hub.pushReview(docId, { kind: 'signoffs', records });
      webhooks.emit(docId, 'signoff.recorded', { records });
      // The sign-off stands either way; a failed approval is retried by the next sign-off.
      approvals.afterSignoff(docId).catch((error: unknown) => {
        log.error({ err: error, docId }, 'recording an approval failed');
      });
    },
  });
  const router = Router();
  router.use(reviewRouter({ storage, accounts, reviews, comments, signoffs, hub, audit }));
  router.use(
    commentsRouter({
      storage,
      accounts,
      comments,
      hub,
      created: (docId, thread) => webhooks.emit(docId, 'comment.created', { thread }),
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
