import * as Y from 'yjs';
import { benchText } from './doc-text.js';

/** A deterministic pseudo-random generator, so every server loads the same history. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A Y.Doc whose text was typed in `transactions` small edits at scattered
 * places, with some deletions, as a long review would be: the update is
 * fragmented the way real history is, not one tidy insert.
 */
export function editingHistory(transactions: number, targetChars: number, seed = 1): Y.Doc {
  const doc = new Y.Doc();
  const random = seededRandom(seed);
  // Seeded too: the client id is written into every item, and a random one changes the encoded
  // size from run to run (580 or 645 KB for the cold-load history) and with it the load time.
  doc.clientID = Math.floor(random() * 2 ** 32);
  const text = benchText(doc);
  const insertSize = Math.max(1, Math.round((targetChars / transactions) * 1.25));
  for (let i = 0; i < transactions; i++) {
    const length = text.length;
    if (length > insertSize && random() < 0.2) {
      const at = Math.floor(random() * (length - insertSize));
      text.delete(at, Math.ceil(insertSize * 0.25) + 1);
    } else {
      const at = Math.floor(random() * (length + 1));
      text.insert(at, 'abcdefghijklmnopqrstuvwxyz'.slice(0, insertSize).padEnd(insertSize, 'x'));
    }
  }
  return doc;
}
