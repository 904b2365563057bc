/**
 * When a sign-off is refused, as small pure decisions (the service gathers the facts). A
 * sign-off means: this person, who must review this section, was in the meeting (a live,
 * authenticated connection to the document) and approved exactly the text everyone sees now.
 */

export interface SignoffFacts {
  /** The section's current content hash, or null when no such section exists now. */
  currentHash: string | null;
  /** The hash the signer says they reviewed. */
  givenHash: string;
  isReviewer: boolean;
  present: boolean;
}

export interface SignoffRefusal {
  status: 403 | 404 | 409;
  code: 'section_not_found' | 'not_a_reviewer' | 'not_present' | 'stale_content';
  message: string;
}

export function signoffProblem(facts: SignoffFacts, sectionId: string): SignoffRefusal | null {
  if (facts.currentHash === null) {
    return {
      status: 404,
      code: 'section_not_found',
      message: `the document has no section ${sectionId}`,
    };
  }
  if (!facts.isReviewer) {
    return {
      status: 403,
      code: 'not_a_reviewer',
      message: 'you are not a required reviewer of this section',
    };
  }
  if (!facts.present) {
    return {
      status: 409,
      code: 'not_present',
      message: 'sign-offs are given by reviewers present in the document: open it first',
    };
  }
  if (facts.currentHash !== facts.givenHash) {
    return {
      status: 409,
      code: 'stale_content',
      message: 'the section changed since you reviewed it: review the current text',
    };
  }
  return null;
}
