import {
  GENESIS_HASH,
  type JSONContent,
  reviewersOf,
  type SignoffRecord,
  sectionMarkdown,
  sectionsOf,
  signoffHash,
  type Verdict,
} from '@ratify/schema';
import type { ReviewStore } from '../storage/review.js';
import { KeyedQueue } from './keyed-queue.js';
import { type SignoffRefusal, signoffProblem } from './rules.js';

export interface SignoffRequest {
  sectionId: string;
  contentHash: string;
}

export class SignoffRefused extends Error {
  constructor(
    readonly refusal: SignoffRefusal,
    readonly sectionId: string,
  ) {
    super(refusal.message);
  }
}

export interface SignoffDeps {
  store: ReviewStore;
  /** The document's content now (from the live state), or null if it does not exist. */
  content: (docId: string) => Promise<JSONContent | null>;
  /** Whether the account has a live, authenticated connection to the document now. */
  isPresent: (docId: string, userId: string) => Promise<boolean>;
  /** Told after records are stored (to push them live). */
  recorded: (docId: string, records: SignoffRecord[]) => void;
  now?: () => number;
}

/**
 * Records verdicts on sections: checks every requested section first (all or nothing), then
 * appends one record per section to the document's hash chain, all in one step of the store
 * that holds the document's chain for one writer at a time (across instances), so two
 * reviewers approving at the same instant get chained records, never a fork.
 */
export class SignoffService {
  private readonly queue = new KeyedQueue();
  private readonly now: () => number;

  constructor(private readonly deps: SignoffDeps) {
    this.now = deps.now ?? Date.now;
  }

  async record(
    docId: string,
    signerId: string,
    verdict: Verdict,
    requests: SignoffRequest[],
    roundId: string | null,
  ): Promise<SignoffRecord[]> {
    // Asked first, outside the document's queue: a quiet connection may take a ping's round
    // trip to answer, and other reviewers' sign-offs need not wait for it.
    const present = await this.deps.isPresent(docId, signerId);
    return this.queue.run(docId, async () => {
      const [content, reviewers] = await Promise.all([
        this.deps.content(docId),
        this.deps.store.getReviewers(docId),
      ]);
      const sections = content === null ? [] : sectionsOf(content);
      for (const request of requests) {
        const problem = signoffProblem(
          {
            currentHash: sections.find((s) => s.id === request.sectionId)?.contentHash ?? null,
            givenHash: request.contentHash,
            isReviewer: reviewersOf(reviewers, request.sectionId).includes(signerId),
            present,
          },
          request.sectionId,
        );
        if (problem !== null) throw new SignoffRefused(problem, request.sectionId);
      }
      // What each section says as it is signed, kept beside the record to show changes later.
      const signed = new Map(
        requests.map((r) => [r.sectionId, content && sectionMarkdown(content, r.sectionId)]),
      );
      const records = await this.append(docId, signerId, verdict, requests, roundId, signed);
      this.deps.recorded(docId, records);
      return records;
    });
  }

  private async append(
    docId: string,
    signerId: string,
    verdict: Verdict,
    requests: SignoffRequest[],
    roundId: string | null,
    signed: Map<string, string | null>,
  ): Promise<SignoffRecord[]> {
    // Built from the head inside the store's lock: all of a request's records, or none.
    const at = this.now();
    return this.deps.store.appendSignoffs(docId, (head) => {
      let prev = head;
      return requests.map((request) => {
        const fields = {
          docId,
          seq: (prev?.seq ?? 0) + 1,
          sectionId: request.sectionId,
          signerId,
          verdict,
          contentHash: request.contentHash,
          roundId,
          at,
          prevHash: prev?.hash ?? GENESIS_HASH,
        };
        const record = { ...fields, hash: signoffHash(fields) };
        prev = record;
        return { record, signedMarkdown: signed.get(request.sectionId) ?? undefined };
      });
    });
  }
}
