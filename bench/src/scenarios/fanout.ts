import { FullClient, LightClient, marker } from '../clients.js';
import { benchText, benchTextString } from '../doc-text.js';
import type { ProcStats } from '../proc.js';
import type { ServerHandle } from '../servers/index.js';
import { serviceDelta } from '../servers/services.js';
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
  /**
   * Which instance of the deployment (`server.instance(i)`, ratify-2x) each socket joins: the
   * writer's, and reader `i`'s (readers 0 … fullClients−1 are the full clients, the rest the lean
   * ones). Without it every socket joins `server.base`.
   */
  placement?: { writer: number; reader: (i: number) => number };
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
  /** More than one instance: each one's CPU seconds while writing (serverCpuSeconds is the sum). */
  cpuSecondsA?: number;
  cpuSecondsB?: number;
  /** Readers (full and lean) on the second instance, with more than one. */
  readersOnB?: number;
  /** On PostgreSQL (and Redis), while writing: see serviceDelta. */
  pgCpuSeconds?: number;
  pgWriteTx?: number;
  redisCpuSeconds?: number;
}

const DRAIN_TIMEOUT_MS = 5_000;

const sum = (all: ProcStats[], of: (s: ProcStats) => number): number =>
  all.reduce((total, s) => total + of(s), 0);
const cpuOf = (all: ProcStats[], i: number): number => all[i]?.cpuSeconds ?? Number.NaN;

/** One document, one writer at a fixed rate, many receivers: how fast does every edit arrive? */
export async function fanout(server: ServerHandle, options: FanoutOptions): Promise<FanoutResult> {
  const review = options.review ?? false;
  const sync: SyncOptions = { review };
  const placement = options.placement;
  const on = (instance: number | undefined) =>
    instance === undefined ? server : server.instance(instance);
  const doc = await server.createDoc('fanout');
  const writer = await FullClient.connect(on(placement?.writer), doc, sync);
  await writer.synced;
  const fullCount = Math.min(options.fullClients, options.clients);
  const full = await inBatches(fullCount, 10, (i) =>
    FullClient.connect(on(placement?.reader(i)), doc, sync),
  );
  await Promise.all(full.map((client) => client.synced));
  const light = await inBatches(options.clients - fullCount, 50, (i) =>
    LightClient.connect(on(placement?.reader(fullCount + i)), doc, sync),
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
  const before = server.instanceStats();
  const servicesBefore = await server.services();
  const started = performance.now();
  for (let seq = 0; seq < total; seq++) {
    const due = started + seq * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    sentAt.set(seq, performance.now());
    text.insert(text.length, marker(seq));
  }
  await waitUntil(() => light.every((client) => client.received.size >= total), DRAIN_TIMEOUT_MS);
  const after = server.instanceStats();
  const servicesAfter = await server.services();
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
    serverCpuSeconds: sum(after, (s) => s.cpuSeconds) - sum(before, (s) => s.cpuSeconds),
    serverPeakRssMb: sum(after, (s) => s.peakRssBytes) / 2 ** 20,
    ...(review ? { review: reviewNote(server) } : {}),
    ...(after.length > 1
      ? {
          cpuSecondsA: cpuOf(after, 0) - cpuOf(before, 0),
          cpuSecondsB: cpuOf(after, 1) - cpuOf(before, 1),
          readersOnB: Array.from({ length: options.clients }, (_, i) => i).filter(
            (i) => placement?.reader(i) === 1,
          ).length,
        }
      : {}),
    ...serviceDelta(servicesBefore, servicesAfter),
  };
  for (const client of [writer, ...full, ...light]) client.close();
  return result;
}
