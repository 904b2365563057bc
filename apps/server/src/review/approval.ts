import {
  latestSignoffs,
  type Reviewers,
  reviewersOf,
  type SectionInfo,
  type SignoffRecord,
} from '@ratify/schema';

export type ApprovalStateName = 'no_reviewers' | 'in_review' | 'approved';

export interface ApprovalState {
  state: ApprovalStateName;
  /** Every required reviewer of any section. */
  reviewers: string[];
  /** What is still missing: a current approval by this reviewer on this section. */
  waiting: Array<{ sectionId: string; reviewerId: string }>;
}

/**
 * Whether the document is approved now: every required reviewer has a current approval (the
 * section still hashes to what they signed, and their latest verdict is approve) on every
 * section they cover. A document with no reviewers named is never approved.
 */
export function approvalState(
  sections: readonly SectionInfo[],
  reviewers: Reviewers,
  records: readonly SignoffRecord[],
): ApprovalState {
  const latest = new Map(
    latestSignoffs(records).map((r) => [`${r.sectionId}\u0000${r.signerId}`, r]),
  );
  const everyone = new Set<string>();
  const waiting: ApprovalState['waiting'] = [];
  for (const section of sections) {
    for (const reviewerId of reviewersOf(reviewers, section.id)) {
      everyone.add(reviewerId);
      const record = latest.get(`${section.id}\u0000${reviewerId}`);
      const approved = record?.verdict === 'approve' && record.contentHash === section.contentHash;
      if (!approved) waiting.push({ sectionId: section.id, reviewerId });
    }
  }
  const state: ApprovalStateName =
    everyone.size === 0 ? 'no_reviewers' : waiting.length === 0 ? 'approved' : 'in_review';
  return { state, reviewers: [...everyone], waiting };
}

/**
 * The change log's one-line summary of an approval: the sections changed since the previous
 * one (by title), or that it is the first.
 */
export function approvalSummary(
  sections: readonly SectionInfo[],
  previous: Record<string, string> | null,
): string {
  if (previous === null) return 'First approval';
  const changed = sections.filter((s) => previous[s.id] !== s.contentHash).map((s) => s.title);
  const removed = Object.keys(previous).filter((id) => !sections.some((s) => s.id === id)).length;
  const parts: string[] = [];
  if (changed.length > 0) parts.push(`Changed: ${changed.join(', ')}`);
  if (removed > 0) parts.push(`${removed} section${removed === 1 ? '' : 's'} removed`);
  return parts.length > 0 ? parts.join('; ') : 'Approved again, unchanged';
}

/**
 * Whether a sign-off round has been answered: every required reviewer who attended it has a
 * current verdict (either one) on every section they cover. A round nobody to answer attended
 * stays open until the owner ends it.
 */
export function roundAnswered(
  sections: readonly SectionInfo[],
  reviewers: Reviewers,
  records: readonly SignoffRecord[],
  attendees: readonly string[],
): boolean {
  const latest = new Map(
    latestSignoffs(records).map((r) => [`${r.sectionId}\u0000${r.signerId}`, r]),
  );
  const present = new Set(attendees);
  let asked = 0;
  for (const section of sections) {
    for (const reviewerId of reviewersOf(reviewers, section.id)) {
      if (!present.has(reviewerId)) continue;
      asked++;
      const record = latest.get(`${section.id}\u0000${reviewerId}`);
      if (record?.contentHash !== section.contentHash) return false;
    }
  }
  return asked > 0;
}
