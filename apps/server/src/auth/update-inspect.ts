import * as Y from 'yjs';

/**
 * What an incoming Yjs update would do to a document, read from the update itself without
 * applying it: the facts the permission guard decides on.
 */
export interface UpdateEffect {
  /** The first root type named in the update that is not one of `allowedRoots`, if any. */
  foreignRoot: string | null;
  /** Whether applying the update would add or delete anything the document does not have. */
  changes: boolean;
}

/**
 * Inspect `update` (Yjs update format v1) against `doc`. Throws if the update does not decode.
 *
 * Roots: an item names its parent by root name only when it sits directly in a root type; every
 * other item names its parent or neighbours by id, so it lands in the tree those belong to. So
 * when every root-named parent is allowed, nothing in the update can reach another root.
 *
 * Changes: a struct whose clock range goes past what the document has from that client adds
 * something; a deleted range that covers any item the document has not deleted yet (or does not
 * know) deletes something. A sync step 2 from a client with nothing new changes nothing.
 */
export function inspectUpdate(
  update: Uint8Array,
  doc: Y.Doc,
  allowedRoots: ReadonlySet<string>,
): UpdateEffect {
  const { structs, ds } = Y.decodeUpdate(update);
  let foreignRoot: string | null = null;
  let changes = false;
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct instanceof Y.Item && typeof struct.parent === 'string') {
      if (foreignRoot === null && !allowedRoots.has(struct.parent)) foreignRoot = struct.parent;
    }
    if (!changes && struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) {
      changes = true;
    }
  }
  if (!changes) changes = deletesAnything(ds, doc);
  return { foreignRoot, changes };
}

function deletesAnything(ds: ReturnType<typeof Y.decodeUpdate>['ds'], doc: Y.Doc): boolean {
  for (const [client, ranges] of ds.clients) {
    const known = doc.store.clients.get(client);
    for (const range of ranges) {
      if (range.len === 0) continue;
      const end = range.clock + range.len;
      if (known === undefined || end > Y.getState(doc.store, client)) return true;
      let index = Y.findIndexSS(known, range.clock);
      for (; index < known.length; index++) {
        const struct = known[index];
        if (struct === undefined || struct.id.clock >= end) break;
        if (!struct.deleted) return true;
      }
    }
  }
  return false;
}
