import { TYPED_SECTION_ID } from '../doc-text.js';
import type { ServerHandle } from '../servers/index.js';
import type { ReviewApi, SectionState } from '../servers/ratify-review.js';
import { sleep } from '../stats.js';

/**
 * What `--review` did on a server, for the table: `live` (reviewers named, a sign-off on the
 * section being typed into, every socket opened with `?review=1`), or the same scenario without
 * review data where the server has no review API (the peers, Ratify builds before issue 15).
 */
export const reviewNote = (server: ServerHandle): string =>
  server.review !== null ? 'live' : 'no review API';

/** The section once the server's live state has it (the seed may still be on its way). */
export async function waitForSection(
  review: ReviewApi,
  doc: string,
  sectionId: string,
  timeoutMs = 10_000,
): Promise<SectionState> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const section = (await review.sections(doc)).find((s) => s.id === sectionId);
    if (section !== undefined) return section;
    if (performance.now() > deadline)
      throw new Error(`document ${doc}: the server never showed section ${sectionId}`);
    await sleep(20);
  }
}

/**
 * Review data live on one document, before the timed part: the bench account (its owner,
 * present through the scenario's own bench-account sockets) is named the document's reviewer
 * and approves the section the writer types into, at its current hash. The first keystroke
 * then makes that sign-off stale, and the server's stale watcher re-hashes the document's
 * sections after edits for as long as the typing goes on. The other section stays unsigned, so
 * the document never turns Approved.
 */
export async function makeReviewLive(review: ReviewApi, doc: string): Promise<void> {
  await review.setReviewers(doc, [review.benchUserId]);
  const section = await waitForSection(review, doc, TYPED_SECTION_ID);
  await review.signOff(doc, TYPED_SECTION_ID, 'approve', section.contentHash);
}
