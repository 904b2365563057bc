import {
  MENTION_PATTERN,
  mentionedUserIds,
  type NotificationKind,
  type Reviewers,
} from '@ratify/schema';

/**
 * Who is told about what: pure functions, so the rules are read and tested in one place. Nobody
 * is ever told about their own action, and only the document's members are told anything.
 */

export interface Recipient {
  userId: string;
  kind: NotificationKind;
}

export interface CommentFacts {
  authorId: string;
  body: string;
  /** The body before an edit; absent for a new comment. */
  previousBody?: string;
  /** Who opened the thread and who wrote in it so far (before this comment). */
  threadAuthorId: string;
  earlierAuthorIds: readonly string[];
  /** True for the first comment of a new thread. */
  opensThread: boolean;
  memberIds: ReadonlySet<string>;
}

/**
 * A new or edited comment: everyone newly @mentioned in it (a mention), and for a reply everyone
 * else who opened or wrote in the thread (a reply; a mention wins over a reply). An edit tells
 * only those it newly mentions.
 */
export function commentRecipients(facts: CommentFacts): Recipient[] {
  const before = new Set(mentionedUserIds(facts.previousBody ?? ''));
  const eligible = (id: string) => id !== facts.authorId && facts.memberIds.has(id);
  const mentioned = mentionedUserIds(facts.body).filter((id) => !before.has(id) && eligible(id));
  const out: Recipient[] = mentioned.map((userId) => ({ userId, kind: 'mention' }));
  if (facts.previousBody !== undefined || facts.opensThread) return out;
  const told = new Set(mentioned);
  for (const id of [facts.threadAuthorId, ...facts.earlierAuthorIds]) {
    if (told.has(id) || !eligible(id)) continue;
    told.add(id);
    out.push({ userId: id, kind: 'reply' });
  }
  return out;
}

/** Everyone named as a reviewer anywhere in `after` who was not named anywhere in `before`. */
export function addedReviewers(before: Reviewers, after: Reviewers): string[] {
  const all = (r: Reviewers) => new Set([...r.document, ...Object.values(r.sections).flat()]);
  const old = all(before);
  return [...all(after)].filter((id) => !old.has(id));
}

/** How many sections wait for each reviewer (from approvalState's `waiting`). */
export function waitingCounts(
  waiting: ReadonlyArray<{ sectionId: string; reviewerId: string }>,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { reviewerId } of waiting) counts.set(reviewerId, (counts.get(reviewerId) ?? 0) + 1);
  return counts;
}

/** A comment body as one line of plain text: mentions as @Name, cut to `max` characters. */
export function excerpt(body: string, max = 140): string {
  const plain = body
    .replace(MENTION_PATTERN, (_whole, name: string) => `@${name}`)
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length <= max ? plain : `${plain.slice(0, max - 1).trimEnd()}…`;
}
