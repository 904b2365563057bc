import * as Y from 'yjs';
import { FullClient, marker } from '../clients.js';
import { benchText, benchTextLength, benchTextString } from '../doc-text.js';
import { editingHistory } from '../history.js';
import type { ServerHandle } from '../servers/index.js';
import { median, sleep, waitUntil } from '../stats.js';
import { StreamClient } from '../stream-client.js';

const MAX_UPLOAD_UPDATE_BYTES = 4 * 2 ** 20;

interface Uploaded {
  /** Stays connected: in-memory servers drop a document when its last client leaves. */
  holder: FullClient;
  textLength: number;
  /** Size of the server's whole state as one update. */
  stateBytes: number;
}

/** Puts a whole document on the server through one client, in updates of at most 4 MiB. */
async function upload(server: ServerHandle, doc: string, content: Y.Doc): Promise<Uploaded> {
  const holder = await FullClient.connect(server, doc);
  await holder.synced;
  const source = benchTextString(content);
  const update = Y.encodeStateAsUpdate(content);
  if (update.length <= MAX_UPLOAD_UPDATE_BYTES) {
    Y.applyUpdate(holder.doc, update);
  } else {
    const text = benchText(holder.doc);
    for (let at = 0; at < source.length; at += MAX_UPLOAD_UPDATE_BYTES) {
      text.insert(at, source.slice(at, at + MAX_UPLOAD_UPDATE_BYTES));
    }
  }
  // A second client seeing everything means the server has it all.
  const check = await FullClient.connect(server, doc);
  const complete = await waitUntil(() => benchTextLength(check.doc) === source.length, 60_000, 50);
  check.close();
  if (!complete) throw new Error('the server did not take the whole document');
  return {
    holder,
    textLength: source.length,
    stateBytes: Y.encodeStateAsUpdate(holder.doc).length,
  };
}

async function timeToFullText(
  server: ServerHandle,
  doc: string,
  expectedLength: number,
): Promise<number> {
  const started = performance.now();
  const client = await FullClient.connect(server, doc);
  const ok = await waitUntil(() => benchTextLength(client.doc) === expectedLength, 30_000, 2);
  const elapsed = performance.now() - started;
  client.close();
  return ok ? elapsed : Number.NaN;
}

/** 100 edits, SIGKILL 100 ms after the last is sent, restart: how many are still there? */
export async function durability(server: ServerHandle): Promise<{ sent: number; kept: number }> {
  const doc = await server.createDoc('durability');
  const writer = await FullClient.connect(server, doc);
  await writer.synced;
  const text = benchText(writer.doc);
  const sent = 100;
  for (let seq = 0; seq < sent; seq++) text.insert(text.length, marker(seq));
  await sleep(100);
  await server.crashAndRestart();
  writer.close();
  const reader = await FullClient.connect(server, doc);
  await Promise.race([reader.synced, sleep(5_000)]);
  await sleep(200);
  const content = benchTextString(reader.doc);
  reader.close();
  let kept = 0;
  for (let seq = 0; seq < sent; seq++) if (content.includes(marker(seq))) kept++;
  return { sent, kept };
}

/** A 20,000-transaction history (~100 KB), server restarted: connect until the full text is in. */
export async function coldLoad(
  server: ServerHandle,
  samples: number,
): Promise<{ medianMs: number; bytes: number }> {
  const history = editingHistory(20_000, 100_000);
  const bytes = Y.encodeStateAsUpdate(history).length;
  if (!server.persistent) return { medianMs: Number.NaN, bytes };
  const doc = await server.createDoc('cold-load');
  const uploaded = await upload(server, doc, history);
  uploaded.holder.close();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    await server.restart();
    times.push(await timeToFullText(server, doc, uploaded.textLength));
  }
  return { medianMs: median(times), bytes };
}

export interface StormResult {
  clients: number;
  docMb: number;
  allSyncedMs: number;
  synced: number;
  errors: number;
  serverPeakRssMb: number;
}

/**
 * `clients` raw sockets join one document at the same moment; time until each has received the
 * whole state (payload bytes counted as they arrive, see StreamClient).
 */
export async function connectStorm(
  server: ServerHandle,
  clients: number,
  content: Y.Doc,
): Promise<StormResult> {
  const doc = await server.createDoc('storm');
  const uploaded = await upload(server, doc, content);
  // Frames carry a little more than the state (headers, awareness); 99% of it means synced.
  const stateBytes = uploaded.stateBytes * 0.99;
  await sleep(300);
  const received = new Array<number>(clients).fill(0);
  const syncedAt = new Array<number>(clients).fill(Number.NaN);
  let errors = 0;
  const started = performance.now();
  // Every connection is opened before any is awaited: a real storm.
  const sockets = await Promise.all(
    Array.from({ length: clients }, (_, i) =>
      StreamClient.connect(server, doc, {
        onData: (slice) => {
          received[i] = (received[i] as number) + slice.length;
          if (Number.isNaN(syncedAt[i]) && (received[i] as number) >= stateBytes)
            syncedAt[i] = performance.now();
        },
      }).catch(() => {
        errors++;
        return null;
      }),
    ),
  );
  await waitUntil(() => syncedAt.every((at) => !Number.isNaN(at)), 60_000, 10);
  const synced = syncedAt.filter((at) => !Number.isNaN(at)).length;
  const stats = server.stats();
  for (const socket of sockets) socket?.close();
  uploaded.holder.close();
  return {
    clients,
    docMb: uploaded.stateBytes / 2 ** 20,
    allSyncedMs: synced === clients ? Math.max(...syncedAt) - started : Number.NaN,
    synced,
    errors,
    serverPeakRssMb: stats.peakRssBytes / 2 ** 20,
  };
}

export function largeDocument(megabytes: number): Y.Doc {
  const doc = new Y.Doc();
  const line = 'The quick brown fox reviews the architecture and signs it off. ';
  benchText(doc).insert(0, line.repeat(Math.ceil((megabytes * 2 ** 20) / line.length)));
  return doc;
}
