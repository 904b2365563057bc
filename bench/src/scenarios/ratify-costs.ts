import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFromTemplate, docToMarkdown, jsonToYDoc, yDocToMarkdown } from '@ratify/schema';
import { roleGuard, SqliteStorage, type UpdateGuard } from '@ratify/server';
import * as Y from 'yjs';
import { BENCH_SEED_UPDATE, benchText } from '../doc-text.js';
import { editingHistory, seededRandom } from '../history.js';
import { median, quantile } from '../stats.js';

const letter = (i: number) => String.fromCharCode(97 + (i % 26));

/**
 * Typical keystroke updates: one character each, typed into the document's content (after the
 * seed that creates the paragraph, which is not among them).
 */
function keystrokeUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const text = benchText(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) text.insert(text.length, letter(i));
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
    await storage.append('persist', BENCH_SEED_UPDATE);
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
  Y.applyUpdate(doc, BENCH_SEED_UPDATE);
  const started = performance.now();
  for (const update of updates) Y.applyUpdate(doc, update);
  return { updates: count, applyUsPerUpdate: (1000 * (performance.now() - started)) / count };
}

/**
 * The permission guard's cost per update, as the room runs it (`roleGuard()`, before the update is
 * stored or applied): an editor's keystroke, one character typed after the previous one at a
 * place in the middle of a document with history (the cold-load history: 20,000 transactions,
 * ~100 KB of text), decided against the room's Y.Doc, which then applies it (not timed). Each
 * decision is timed on its own; the median and p99 are reported.
 */
export function guardCost(count: number) {
  const history = Y.encodeStateAsUpdate(editingHistory(20_000, 100_000));
  const room = new Y.Doc();
  Y.applyUpdate(room, history);
  const editor = new Y.Doc();
  Y.applyUpdate(editor, history);
  const text = benchText(editor);
  const updates: Uint8Array[] = [];
  editor.on('update', (update: Uint8Array) => updates.push(update));
  const random = seededRandom(11);
  let at = Math.floor(random() * text.length);
  for (let i = 0; i < count; i++) {
    // A word of 1–12 letters at a time, then the caret moves elsewhere.
    if (i % 12 === 0 && random() < 0.5) at = Math.floor(random() * text.length);
    text.insert(at++, letter(i));
  }
  const guard = roleGuard();
  const conn = {
    docId: 'guard',
    principal: {
      userId: 'bench-editor',
      name: 'Bench editor',
      color: '#336699',
      role: 'editor',
      credentialId: 'bench-credential',
    },
  } as unknown as Parameters<UpdateGuard>[0];
  const samples: number[] = [];
  for (const update of updates) {
    const started = performance.now();
    const verdict = guard(conn, update, room);
    samples.push(1000 * (performance.now() - started));
    if (!verdict.allow || !verdict.store) throw new Error('the guard refused a keystroke');
    Y.applyUpdate(room, update);
  }
  return {
    updates: count,
    guardUsPerUpdate: median(samples),
    guardP99Us: quantile(samples, 0.99),
    updateBytes: median(updates.map((update) => update.length)),
  };
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
