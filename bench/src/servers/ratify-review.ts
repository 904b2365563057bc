import { apiCall, docPath, failed, READER_ACCOUNT } from './ratify-http.js';

export type Verdict = 'approve' | 'changes_requested';

export interface SectionState {
  id: string;
  contentHash: string;
}

/** The fields of a sign-off record the bench reads (the server sends the whole record). */
export interface SignoffRecordSeen {
  seq: number;
  sectionId: string;
  verdict: Verdict;
}

/**
 * Ratify's review API (issue 15) as the bench account, which owns every document it creates
 * and can therefore name reviewers, itself included. Sign-offs are accepted only from a
 * required reviewer with a live connection to the document (a bench-account socket: one opened
 * with the bench's document token) who signs the section's current content hash.
 */
export interface ReviewApi {
  /** The bench account's user id. */
  readonly benchUserId: string;
  /** `PUT /api/docs/:id/reviewers`: these users review every section. */
  setReviewers(doc: string, userIds: string[]): Promise<void>;
  /** `GET /api/docs/:id/sections`, from the live state. */
  sections(doc: string): Promise<SectionState[]>;
  /** `POST /api/docs/:id/signoffs` for one section: the records stored. */
  signOff(
    doc: string,
    sectionId: string,
    verdict: Verdict,
    contentHash: string,
  ): Promise<SignoffRecordSeen[]>;
  /**
   * Makes the reader account (signed up on first use) a viewer of `doc` and mints its document
   * token, so sockets opened with `{ reader: true }` can join.
   */
  addReader(doc: string): Promise<void>;
}

export function createReviewApi(deps: {
  port: number;
  bearer: string;
  benchUserId: string;
  readerBearer: () => Promise<string>;
  mintReaderToken: (doc: string) => Promise<void>;
}): ReviewApi {
  const { port, bearer } = deps;
  return {
    benchUserId: deps.benchUserId,
    async setReviewers(doc, userIds) {
      const response = await apiCall(port, 'PUT', docPath(doc, '/reviewers'), bearer, {
        document: userIds,
        sections: {},
      });
      if (response.status !== 200) throw await failed(`reviewers of ${doc}`, response);
    },
    async sections(doc) {
      const response = await apiCall(port, 'GET', docPath(doc, '/sections'), bearer);
      if (response.status !== 200) throw await failed(`sections of ${doc}`, response);
      const { sections } = (await response.json()) as { sections: SectionState[] };
      return sections.map(({ id, contentHash }) => ({ id, contentHash }));
    },
    async signOff(doc, sectionId, verdict, contentHash) {
      const response = await apiCall(port, 'POST', docPath(doc, '/signoffs'), bearer, {
        sectionId,
        verdict,
        contentHash,
      });
      if (response.status !== 201) throw await failed(`sign-off on ${doc}`, response);
      const { records } = (await response.json()) as { records: SignoffRecordSeen[] };
      return records;
    },
    async addReader(doc) {
      await deps.readerBearer();
      const response = await apiCall(port, 'POST', docPath(doc, '/members'), bearer, {
        email: READER_ACCOUNT.email,
        role: 'viewer',
      });
      if (response.status !== 201 && response.status !== 409)
        throw await failed(`reader as a member of ${doc}`, response);
      await deps.mintReaderToken(doc);
    },
  };
}
