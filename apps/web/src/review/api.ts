/** The review API of one document (apps/server/src/http/review.ts). */
import type { Reviewers, ReviewRound, SignoffRecord, Verdict, VersionStep } from '@ratify/schema';
import { ApiError, apiRequest as request } from '../api';
import type { Approval, SectionStatus } from './types';

const docPath = (docId: string) => `/api/docs/${encodeURIComponent(docId)}`;

export function getReviewers(docId: string): Promise<Reviewers> {
  return request<Reviewers>(`${docPath(docId)}/reviewers`);
}

export function putReviewers(docId: string, reviewers: Reviewers): Promise<Reviewers> {
  return request<Reviewers>(`${docPath(docId)}/reviewers`, {
    method: 'PUT',
    body: JSON.stringify(reviewers),
  });
}

export async function listSignoffs(docId: string): Promise<SignoffRecord[]> {
  return (await request<{ records: SignoffRecord[] }>(`${docPath(docId)}/signoffs`)).records;
}

export interface SignoffTarget {
  sectionId: string;
  contentHash: string;
}

/**
 * One verdict on one or more sections (all or nothing: the server refuses the lot). A request
 * for changes may carry a comment: the server opens a thread with it on each section.
 */
export async function postSignoffs(
  docId: string,
  verdict: Verdict,
  targets: SignoffTarget[],
  comment?: string,
): Promise<SignoffRecord[]> {
  const [only] = targets;
  const extra = comment !== undefined && verdict === 'changes_requested' ? { comment } : {};
  const body =
    targets.length === 1 && only
      ? { verdict, ...only, ...extra }
      : { verdict, sections: targets, ...extra };
  return (
    await request<{ records: SignoffRecord[] }>(`${docPath(docId)}/signoffs`, {
      method: 'POST',
      body: JSON.stringify(body),
    })
  ).records;
}

export async function startRound(docId: string): Promise<ReviewRound> {
  return (await request<{ round: ReviewRound }>(`${docPath(docId)}/rounds`, { method: 'POST' }))
    .round;
}

export function endRound(docId: string): Promise<void> {
  return request<void>(`${docPath(docId)}/rounds/current`, { method: 'DELETE' });
}

/** Null when the server has no such endpoint (404, 405): the caller shows nothing for it. */
async function optional<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return null;
    throw error;
  }
}

/** The document's approval; null when this server does not compute one. */
export function getApproval(docId: string): Promise<Approval | null> {
  return optional(request<Approval>(`${docPath(docId)}/approval`));
}

/** The open round (null: none), or undefined when this server cannot say (no such endpoint). */
export async function getCurrentRound(docId: string): Promise<ReviewRound | null | undefined> {
  const body = await optional(
    request<{ round: ReviewRound | null }>(`${docPath(docId)}/rounds/current`),
  );
  return body === null ? undefined : body.round;
}

/** Each section with its sign-offs as the server sees them (with what changed, when stale). */
export async function getSections(docId: string): Promise<SectionStatus[]> {
  return (await request<{ sections: SectionStatus[] }>(`${docPath(docId)}/sections`)).sections;
}

/** The owner chooses how far the next approval moves the version. */
export function putNextStep(
  docId: string,
  step: VersionStep,
): Promise<{ nextStep: VersionStep; nextVersion: string }> {
  return request(`${docPath(docId)}/approval/next`, {
    method: 'PUT',
    body: JSON.stringify({ step }),
  });
}
