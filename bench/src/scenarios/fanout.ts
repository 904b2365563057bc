import { FullClient, LightClient, marker } from '../clients.js';
import { benchText, benchTextString } from '../doc-text.js';
import type { ServerHandle } from '../servers/index.js';
import { inBatches, quantile, sleep, waitUntil } from '../stats.js';
import type { SyncOptions } from '../wire.js';
import { makeReviewLive, reviewNote } from './review-live.js';

export interface FanoutOptions {
  clients: number;
  seconds: number;
  updatesPerSecond: number;
  /** Receivers that keep a whole Y.Doc, to check convergence. */
  fullClients: number;
  /**
   * Review live (`--review`): every socket opens with `?review=1`, the text sits in a section,
   * and before the timed part the bench account is named reviewer and signs that section off
   * (see makeReviewLive); on a server without the review API the same scenario runs without.
   */
  review?: boolean;
}

export interface FanoutResult {
  clients: number;
  sent: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  lostUpdates: number;
  converged: boolean;
  serverCpuSeconds: number;
  serverPeakRssMb: number;
  /** With `review`: what the server did (reviewNote). */
  review?: string;
}

const DRAIN_TIMEOUT_MS = 5_000;

/** One document, one writer at a fixed rate, many receivers: how fast does every edit arrive? */
export async function fanout(server: ServerHandle, options: FanoutOptions): Promise<FanoutResult> {
  const review = options.review ?? false;
  const sync: SyncOptions = { review };
  const doc = await server.createDoc('fanout');
  const writer = await FullClient.connect(server, doc, sync);
  await writer.synced;
  const fullCount = Math.min(options.fullClients, options.clients);
  const full = await inBatches(fullCount, 10, () => FullClient.connect(server, doc, sync));
  await Promise.all(full.map((client) => client.synced));
  const light = await inBatches(options.clients - fullCount, 50, () =>
    LightClient.connect(server, doc, sync),
  );
  // The writer seeds the text once everyone has joined, so it reaches the full clients as a
  // broadcast on every server (the relay keeps no state to send a late joiner).
  const text = benchText(writer.doc, review ? 'sections' : 'plain');
  await sleep(500);
  if (review && server.review !== null) {
    await makeReviewLive(server.review, doc);
    // Let the sign-off's push to every socket and the server's follow-up work settle.
    await sleep(500);
  }

  const sentAt = new Map<number, number>();
  const total = Math.round(options.seconds * options.updatesPerSecond);
  const interval = 1000 / options.updatesPerSecond;
  const before = server.stats();
  const started = performance.now();
  for (let seq = 0; seq < total; seq++) {
    const due = started + seq * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    sentAt.set(seq, performance.now());
    text.insert(text.length, marker(seq));
  }
  await waitUntil(() => light.every((client) => client.received.size >= total), DRAIN_TIMEOUT_MS);
  const after = server.stats();
  const expected = benchTextString(writer.doc);
  await waitUntil(
    () => full.every((client) => benchTextString(client.doc) === expected),
    DRAIN_TIMEOUT_MS,
  );

  const latencies: number[] = [];
  let lost = 0;
  for (const client of light) {
    for (const [seq, at] of client.received) {
      const sent = sentAt.get(seq);
      if (sent !== undefined) latencies.push(at - sent);
    }
    lost += total - client.received.size;
  }
  const result: FanoutResult = {
    clients: options.clients,
    sent: total,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    maxMs: quantile(latencies, 1),
    lostUpdates: lost,
    converged: full.every((client) => benchTextString(client.doc) === expected),
    serverCpuSeconds: after.cpuSeconds - before.cpuSeconds,
    serverPeakRssMb: after.peakRssBytes / 2 ** 20,
    ...(review ? { review: reviewNote(server) } : {}),
  };
  for (const client of [writer, ...full, ...light]) client.close();
  return result;
}
