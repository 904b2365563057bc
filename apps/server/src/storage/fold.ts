import * as Y from 'yjs';

/**
 * Fold a snapshot and log into one update as a fresh client would receive it: the parts are
 * integrated into a Y.Doc, so deleted text is garbage-collected rather than carried forward
 * (what Y.mergeUpdates would do). Updates still waiting for a missing dependency are kept as
 * they are, so nothing that was stored is dropped.
 */
export function foldUpdates(parts: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    for (const part of parts) Y.applyUpdate(doc, part);
    const state = Y.encodeStateAsUpdate(doc);
    const { pendingStructs, pendingDs } = doc.store;
    const pending = [pendingStructs?.update, pendingDs].filter(
      (u): u is Uint8Array => u instanceof Uint8Array,
    );
    return pending.length === 0 ? state : Y.mergeUpdates([state, ...pending]);
  } finally {
    doc.destroy();
  }
}
