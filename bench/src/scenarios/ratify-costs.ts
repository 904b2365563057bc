import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFromTemplate, docToMarkdown, jsonToYDoc, yDocToMarkdown } from '@ratify/schema';
import { SqliteStorage } from '@ratify/server';
import * as Y from 'yjs';
import { median, quantile } from '../stats.js';

/** A typical keystroke update: one character inserted into a document with history. */
function keystrokeUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('bench');
  for (let i = 0; i < count; i++) text.insert(text.length, String.fromCharCode(97 + (i % 26)));
  return updates;
}

/**
 * Group commit under load, in process: `writers` independent writers each append an update
 * `perSecond` times a second for `seconds`; each waits for its own append to be durable.
 */
export async function persistLatency(writers: number, perSecond: number, seconds: number) {
  const dir = mkdtempSync(join(tmpdir(), 'ratify-bench-persist-'));
  const storage = new SqliteStorage({ dataDir: dir });
  try {
    await storage.createDoc({ id: 'persist', title: 'persist' });
    const updates = keystrokeUpdates(writers * perSecond * seconds);
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let tick = 0; tick < perSecond * seconds; tick++) {
          const due = started + (tick + writer / writers) * (1000 / perSecond);
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          const update = updates[next++] as Uint8Array;
          const at = performance.now();
          await storage.append('persist', update);
          latencies.push(performance.now() - at);
        }
      }),
    );
    return {
      appends: latencies.length,
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      appendsPerSecond: latencies.length / ((performance.now() - started) / 1000),
    };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Applying a keystroke update to a room's Y.Doc and encoding its broadcast, per update. */
export function applyCost(count: number) {
  const updates = keystrokeUpdates(count);
  const doc = new Y.Doc();
  const started = performance.now();
  for (const update of updates) Y.applyUpdate(doc, update);
  return { updates: count, applyUsPerUpdate: (1000 * (performance.now() - started)) / count };
}

/** Markdown export of the template document, from ProseMirror JSON and from a Y.Doc. */
export function markdownExportCost(runs: number) {
  const json = createFromTemplate('technical-architecture-framework');
  const ydoc = jsonToYDoc(json);
  const time = (fn: () => unknown) => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const at = performance.now();
      fn();
      samples.push(performance.now() - at);
    }
    return median(samples);
  };
  return {
    fromJsonMs: time(() => docToMarkdown(json)),
    fromYDocMs: time(() => yDocToMarkdown(ydoc)),
  };
}
