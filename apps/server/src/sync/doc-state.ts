import * as Y from 'yjs';
import type { Storage } from '../storage/storage.js';
import type { Hub } from './hub.js';

/**
 * Run `read` on a document's current state: the live Y.Doc when it is loaded here, else one
 * built from storage for the call. Null when the document does not exist.
 */
export async function readDocState<T>(
  hub: Hub,
  storage: Storage,
  docId: string,
  read: (doc: Y.Doc) => T,
): Promise<{ value: T } | null> {
  const live = hub.liveRoom(docId);
  if (live !== null) return { value: read(live.doc) };
  const stored = await storage.load(docId);
  if (stored === null) return null;
  const doc = new Y.Doc();
  try {
    if (stored.snapshot !== null) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    return { value: read(doc) };
  } finally {
    doc.destroy();
  }
}
