import { FullClient } from '../clients.js';
import { benchText, TYPED_SECTION_ID } from '../doc-text.js';
import { ReviewReader } from '../review-client.js';
import type { ServerHandle } from '../servers/index.js';
import type { Verdict } from '../servers/ratify-review.js';
import { inBatches, quantile, sleep, waitUntil } from '../stats.js';
import { waitForSection } from './review-live.js';

export interface SignoffLatencyOptions {
  /** Readers of the review pushes (the reviewer's own socket comes on top). */
  clients: number;
  /** Timed sign-off requests, one after the other. */
  signoffs: number;
}

export type SignoffLatencyResult =
  | { note: string }
  | {
      clients: number;
      signoffs: number;
      /** (request, client) pairs: signoffs × clients. */
      deliveries: number;
      /** Deliveries that had not arrived DELIVERY_TIMEOUT_MS after their request. */
      lostDeliveries: number;
      /** Over every delivery: request sent until that client had the record. */
      p50Ms: number;
      p99Ms: number;
      maxMs: number;
      /** Per request: sent until the last client had it. */
      lastP50Ms: number;
      lastP99Ms: number;
      /** The POST's own round trip (checks, presence, append, push, response). */
      postP50Ms: number;
      postP99Ms: number;
      serverCpuSeconds: number;
    };

const DELIVERY_TIMEOUT_MS = 5_000;
/** Quiet between one request reaching every client and the next request. */
const GAP_MS = 100;

/**
 * Sign-off request to visible at every client. One document in the `sections` layout; the
 * bench account (its owner) is its reviewer and present through one full client; `clients`
 * lean readers, signed in as a second account (a viewer) so that only the reviewer's own socket
 * counts for the presence check, are connected with `?review=1`. After one untimed sign-off
 * (which every reader must receive: proof they have all joined, and the first presence check,
 * which pings the reviewer's quiet socket), `signoffs` requests are sent one after the other on
 * the section's unchanged content, alternating changes_requested and approve (each is a new
 * record). Each is timed from just before its POST until each reader has the `signoffs` review
 * frame carrying its record.
 */
export async function signoffLatency(
  server: ServerHandle,
  options: SignoffLatencyOptions,
): Promise<SignoffLatencyResult> {
  const review = server.review;
  if (review === null) return { note: 'no review API: skipped' };
  const doc = await server.createDoc('signoff-latency');
  await review.addReader(doc);
  const reviewer = await FullClient.connect(server, doc, { review: true });
  await reviewer.synced;
  benchText(reviewer.doc, 'sections');
  await review.setReviewers(doc, [review.benchUserId]);
  const { contentHash } = await waitForSection(review, doc, TYPED_SECTION_ID);
  const readers = await inBatches(options.clients, 50, () =>
    ReviewReader.connect(server, doc, { review: true, reader: true }),
  );
  const reachedAll = (seq: number) => readers.every((reader) => reader.signoffAt.has(seq));

  await sleep(500);
  const [warmUp] = await review.signOff(doc, TYPED_SECTION_ID, 'approve', contentHash);
  if (warmUp === undefined) throw new Error('the sign-off stored no record');
  if (!(await waitUntil(() => reachedAll(warmUp.seq), 10_000, 5)))
    throw new Error('not every reader received the untimed first sign-off');
  await sleep(GAP_MS);

  const deliveries: number[] = [];
  const lasts: number[] = [];
  const posts: number[] = [];
  let lost = 0;
  const before = server.stats();
  for (let i = 0; i < options.signoffs; i++) {
    const verdict: Verdict = i % 2 === 0 ? 'changes_requested' : 'approve';
    const sentAt = performance.now();
    const [record] = await review.signOff(doc, TYPED_SECTION_ID, verdict, contentHash);
    posts.push(performance.now() - sentAt);
    if (record === undefined) throw new Error('the sign-off stored no record');
    await waitUntil(() => reachedAll(record.seq), DELIVERY_TIMEOUT_MS, 1);
    let last = 0;
    for (const reader of readers) {
      const at = reader.signoffAt.get(record.seq);
      if (at === undefined) {
        lost++;
        continue;
      }
      deliveries.push(at - sentAt);
      last = Math.max(last, at - sentAt);
    }
    lasts.push(last);
    await sleep(GAP_MS);
  }
  const after = server.stats();
  for (const client of [reviewer, ...readers]) client.close();
  return {
    clients: options.clients,
    signoffs: options.signoffs,
    deliveries: options.clients * options.signoffs,
    lostDeliveries: lost,
    p50Ms: quantile(deliveries, 0.5),
    p99Ms: quantile(deliveries, 0.99),
    maxMs: quantile(deliveries, 1),
    lastP50Ms: quantile(lasts, 0.5),
    lastP99Ms: quantile(lasts, 0.99),
    postP50Ms: quantile(posts, 0.5),
    postP99Ms: quantile(posts, 0.99),
    serverCpuSeconds: after.cpuSeconds - before.cpuSeconds,
  };
}
