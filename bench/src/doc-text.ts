import { YDOC_CONTENT_FIELD } from '@ratify/schema';
import * as Y from 'yjs';

/**
 * Where every scenario types, on every server alike: one paragraph in the document's `content`
 * fragment (the root Ratify's editor writes and the only text root its permission guard lets an
 * editor write), holding one Y.XmlText. A bare `getText('bench')` root would be refused by
 * Ratify (connection closed with 4403).
 *
 * The paragraph and its text are made by one fixed seed update, written under a Yjs client id
 * no live client has: every writer that applies it creates the very same items, so two writers
 * seeding the same document at once still end up with one paragraph, not two. Readers never
 * seed: they look the text up (`findBenchText`) once it has arrived.
 */
const SEED_CLIENT_ID = 1;
const PARAGRAPH = 'paragraph';

function makeSeed(): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = SEED_CLIENT_ID;
  const paragraph = new Y.XmlElement(PARAGRAPH);
  paragraph.insert(0, [new Y.XmlText()]);
  doc.getXmlFragment(YDOC_CONTENT_FIELD).insert(0, [paragraph]);
  return Y.encodeStateAsUpdate(doc);
}

/** The update that creates the bench's paragraph and text (the same bytes every time). */
export const BENCH_SEED_UPDATE: Uint8Array = makeSeed();

/** The bench's text in `doc`, or null if the seed has not reached it (readers use this). */
export function findBenchText(doc: Y.Doc): Y.XmlText | null {
  const paragraph = doc.getXmlFragment(YDOC_CONTENT_FIELD).get(0);
  if (!(paragraph instanceof Y.XmlElement)) return null;
  const text = paragraph.get(0);
  return text instanceof Y.XmlText ? text : null;
}

/** The bench's text in `doc`, seeding it first if it is not there yet (writers use this). */
export function benchText(doc: Y.Doc): Y.XmlText {
  const found = findBenchText(doc);
  if (found !== null) return found;
  Y.applyUpdate(doc, BENCH_SEED_UPDATE);
  const seeded = findBenchText(doc);
  if (seeded === null) throw new Error('the bench seed did not create its text');
  return seeded;
}

/** The text typed so far ('' before the seed has arrived). */
export function benchTextString(doc: Y.Doc): string {
  return findBenchText(doc)?.toString() ?? '';
}

/** Characters typed so far (0 before the seed has arrived). */
export function benchTextLength(doc: Y.Doc): number {
  return findBenchText(doc)?.length ?? 0;
}
