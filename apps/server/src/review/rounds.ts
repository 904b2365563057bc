import { sectionsOf, yDocToJSON } from '@ratify/schema';
import type { Audit } from '../auth/audit.js';
import type { ReviewStore } from '../storage/review.js';
import type { Hub } from '../sync/hub.js';
import { roundAnswered } from './approval.js';
import { KeyedQueue } from './keyed-queue.js';

/**
 * Closes a sign-off round by itself once it is answered (approval.ts's roundAnswered): checked
 * after every sign-off. The owner can still end a round at any time (DELETE …/rounds/current).
 */
export class RoundCloser {
  private readonly queue = new KeyedQueue();

  constructor(private readonly deps: { reviews: ReviewStore; hub: Hub; audit: Audit }) {}

  /** Resolves true if this closed the open round. */
  afterSignoff(docId: string): Promise<boolean> {
    return this.queue.run(docId, () => this.check(docId));
  }

  private async check(docId: string): Promise<boolean> {
    const { reviews, hub, audit } = this.deps;
    const room = hub.liveRoom(docId);
    if (room === null) return false;
    const round = await reviews.currentRound(docId);
    if (round === null) return false;
    const [reviewers, records] = await Promise.all([
      reviews.getReviewers(docId),
      reviews.listSignoffs(docId),
    ]);
    const sections = sectionsOf(yDocToJSON(room.doc));
    if (!roundAnswered(sections, reviewers, records, round.attendees)) return false;
    await reviews.addRoundAttendees(docId, round.id, [...hub.presentUserIds(docId)]);
    if (!(await reviews.endRound(docId, round.id, Date.now()))) return false;
    hub.pushReview(docId, { kind: 'round', round: null });
    await audit.record({
      docId,
      userId: null,
      action: 'round_ended',
      detail: { round: round.id, reason: 'answered' },
    });
    return true;
  }
}
