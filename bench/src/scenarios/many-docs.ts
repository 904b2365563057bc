import type * as Y from 'yjs';
import { FullClient, marker } from '../clients.js';
import { benchText, findBenchText } from '../doc-text.js';
import type { ServerHandle } from '../servers/index.js';
import { serviceDelta } from '../servers/services.js';
import { inBatches, quantile, sleep, waitUntil } from '../stats.js';
import type { SyncOptions } from '../wire.js';
import { makeReviewLive, reviewNote } from './review-live.js';

export interface ManyDocsResult {
  docs: number;
  edits: number;
  p99Ms: number;
  lostEdits: number;
  serverRssMb: number;
  /** RSS grown since before the first document was created, per document. */
  rssPerDocKb: number;
  serverCpuPerSecond: number;
  cpuMsPerEdit: number;
  /** With `review`: what the server did (reviewNote). */
  review?: string;
  /** On PostgreSQL (ratify-pg, ratify-2x), over the timed part: see serviceDelta. */
  pgCpuSeconds?: number;
  pgWriteTx?: number;
  redisCpuSeconds?: number;
  /** PostgreSQL CPU (this deployment's backends) per edit. */
  pgCpuMsPerEdit?: number;
  /** Edits per PostgreSQL write transaction: how many appends a group commit carried. */
  editsPerPgTx?: number;
}

/**
 * `docs` documents with two clients each; every client makes one small edit per second. With
 * `review` (`--review`), every socket opens with `?review=1` and, where the server has the
 * review API, every document gets review data before the timed part (makeReviewLive), so
 * every document's stale watcher works during the run.
 */
export async function manyDocs(
  server: ServerHandle,
  docs: number,
  seconds: number,
  review = false,
): Promise<ManyDocsResult> {
  const sync: SyncOptions = { review };
  const rssAtStart = server.stats().rssBytes;
  const names = await inBatches(docs, 20, (i) => server.createDoc(`many-${i}`));
  const pairs = await inBatches(docs, 20, async (i) => {
    const name = names[i] as string;
    const a = await FullClient.connect(server, name, sync);
    const b = await FullClient.connect(server, name, sync);
    await Promise.all([a.synced, b.synced]);
    // One of the two seeds the document's text; the other waits until it has arrived.
    benchText(a.doc, review ? 'sections' : 'plain');
    if (!(await waitUntil(() => findBenchText(b.doc) !== null, 10_000, 5)))
      throw new Error(`document ${name}: the seeded text did not reach the second client`);
    return [a, b] as const;
  });
  const reviewApi = server.review;
  if (review && reviewApi !== null) {
    await inBatches(docs, 10, (i) => makeReviewLive(reviewApi, names[i] as string));
  }
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  let received = 0;
  pairs.forEach(([a, b], docIndex) => {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      benchText(to.doc).observe((event) => {
        if (event.transaction.local) return;
        const now = performance.now();
        for (const delta of event.delta) {
          if (typeof delta.insert !== 'string') continue;
          const key = `${docIndex}:${from.doc.clientID}:${delta.insert}`;
          const at = sentAt.get(key);
          if (at !== undefined) {
            latencies.push(now - at);
            received++;
          }
        }
      });
    }
  });
  await sleep(500);

  const before = server.stats();
  const servicesBefore = await server.services();
  const started = performance.now();
  let edits = 0;
  const clients = pairs.flatMap((pair) => [...pair]);
  const texts = clients.map((client) => benchText(client.doc));
  for (let second = 0; second < seconds; second++) {
    for (let i = 0; i < clients.length; i++) {
      const due = started + (second + i / clients.length) * 1000;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const client = clients[i] as FullClient;
      const text = texts[i] as Y.XmlText;
      const insert = marker(edits);
      sentAt.set(`${Math.floor(i / 2)}:${client.doc.clientID}:${insert}`, performance.now());
      text.insert(text.length, insert);
      edits++;
    }
  }
  await sleep(2_000);
  const after = server.stats();
  const services = serviceDelta(servicesBefore, await server.services());
  const elapsed = (performance.now() - started) / 1000;
  for (const client of clients) client.close();
  const cpu = after.cpuSeconds - before.cpuSeconds;
  return {
    docs,
    edits,
    p99Ms: quantile(latencies, 0.99),
    lostEdits: edits - received,
    serverRssMb: after.rssBytes / 2 ** 20,
    rssPerDocKb: (after.rssBytes - rssAtStart) / 1024 / docs,
    serverCpuPerSecond: cpu / elapsed,
    cpuMsPerEdit: (1000 * cpu) / edits,
    ...(review ? { review: reviewNote(server) } : {}),
    ...services,
    ...(services.pgCpuSeconds !== undefined && services.pgWriteTx !== undefined
      ? {
          pgCpuMsPerEdit: (1000 * services.pgCpuSeconds) / edits,
          editsPerPgTx: edits / services.pgWriteTx,
        }
      : {}),
  };
}
