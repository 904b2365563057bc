import type { Reviewers } from '@ratify/schema';
import type { Notifier } from '../notify/notifier.js';
import { addedReviewers, commentRecipients, excerpt, waitingCounts } from '../notify/recipients.js';
import type { AccountStore } from '../storage/accounts.js';
import type { StoredComment, StoredThread } from '../storage/comments.js';
import type { Approval } from '../storage/review.js';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * Turns review events into in-app notifications (recipients.ts decides who). Each method
 * resolves once the notifications are stored and pushed, and never throws.
 */
export class ReviewNotices {
  constructor(private readonly deps: { notifier: Notifier; accounts: AccountStore }) {}

  private async memberIds(docId: string): Promise<Set<string>> {
    return new Set((await this.deps.accounts.listMembers(docId)).map((m) => m.userId));
  }

  /** A new thread, a reply, or an edit (`previousBody`) of `comment` in `thread`. */
  async comment(
    docId: string,
    thread: StoredThread,
    comment: StoredComment,
    where: { sectionId: string; sectionTitle: string | null },
    previousBody?: string,
  ): Promise<void> {
    const earlier = thread.comments.filter(
      (c) => c.id !== comment.id && c.createdAt <= comment.createdAt,
    );
    const recipients = commentRecipients({
      authorId: comment.authorId,
      body: comment.body,
      ...(previousBody !== undefined ? { previousBody } : {}),
      threadAuthorId: thread.authorId,
      earlierAuthorIds: earlier.map((c) => c.authorId),
      opensThread: thread.comments[0]?.id === comment.id,
      memberIds: await this.memberIds(docId),
    });
    const on = where.sectionTitle === null ? '' : ` on “${where.sectionTitle}”`;
    const quote = excerpt(comment.body);
    await this.deps.notifier.notify(
      recipients.map(({ userId, kind }) => ({
        userId,
        kind,
        docId,
        actorId: comment.authorId,
        threadId: thread.id,
        sectionId: where.sectionId,
        text:
          kind === 'mention'
            ? `mentioned you${on}: ${quote}`
            : `replied in a thread${on}: ${quote}`,
      })),
    );
  }

  /** The owner named reviewers: the newly named ones are asked to review. */
  async reviewersChanged(
    docId: string,
    actorId: string,
    before: Reviewers,
    after: Reviewers,
  ): Promise<void> {
    const added = addedReviewers(before, after).filter((id) => id !== actorId);
    await this.deps.notifier.notify(
      added.map((userId) => {
        const sections = Object.entries(after.sections).filter(([, ids]) => ids.includes(userId));
        const scope = after.document.includes(userId)
          ? 'the document'
          : plural(sections.length, 'section');
        return {
          userId,
          kind: 'signoff_request' as const,
          docId,
          actorId,
          sectionId:
            !after.document.includes(userId) && sections.length === 1
              ? (sections[0]?.[0] ?? null)
              : null,
          text: `asked you to review and sign off ${scope}`,
        };
      }),
    );
  }

  /** A sign-off round was called: every reviewer with sections waiting for them is asked. */
  async roundStarted(
    docId: string,
    actorId: string,
    waiting: ReadonlyArray<{ sectionId: string; reviewerId: string }>,
  ): Promise<void> {
    const counts = waitingCounts(waiting);
    await this.deps.notifier.notify(
      [...counts].map(([userId, count]) => ({
        userId,
        kind: 'signoff_request' as const,
        docId,
        actorId,
        text: `called a sign-off round: ${plural(count, 'section')} wait${count === 1 ? 's' : ''} for your verdict`,
      })),
    );
  }

  /** The document was approved: its owners are told. */
  async approved(docId: string, approval: Pick<Approval, 'version' | 'approvers'>): Promise<void> {
    const owners = (await this.deps.accounts.listMembers(docId)).filter((m) => m.role === 'owner');
    const names: string[] = [];
    for (const id of approval.approvers) {
      names.push((await this.deps.accounts.getUser(id))?.name ?? 'a former member');
    }
    await this.deps.notifier.notify(
      owners.map((owner) => ({
        userId: owner.userId,
        kind: 'approval' as const,
        docId,
        actorId: null,
        text: `Approved as ${approval.version.startsWith('v') ? '' : 'v'}${approval.version} by ${names.join(', ')}`,
      })),
    );
  }
}
