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
 *
 * Two layouts:
 * - `plain` (the default runs): the paragraph alone, outside any section.
 * - `sections` (review live, `--review`, and signoff-latency): a heading before the paragraph,
 *   so the paragraph is inside a section a reviewer can sign off (a section is a heading with an
 *   id and the blocks after it), and a second heading after it, a section nobody types into.
 *   Typing makes a sign-off on the first section stale; the second one is left unsigned, so a
 *   document never turns Approved under the bench (no change-log edit by the server).
 */
const SEED_CLIENT_ID = 1;
const PARAGRAPH = 'paragraph';

export type BenchLayout = 'plain' | 'sections';
/** The id of the section the bench types into (`sections` layout). */
export const TYPED_SECTION_ID = 'benchtyped01';
/** The id of the section nobody types into (`sections` layout). */
export const SPARE_SECTION_ID = 'benchspare01';

function heading(id: string, title: string): Y.XmlElement {
  const element = new Y.XmlElement('heading');
  // As the editor (y-prosemirror) stores a heading's attributes: the level as a number (the
  // fragment's insert() takes only elements typed with string attributes, hence the cast).
  element.setAttribute('level', 1 as unknown as string);
  element.setAttribute('id', id);
  const text = new Y.XmlText();
  text.insert(0, title);
  element.insert(0, [text]);
  return element;
}

function makeSeed(layout: BenchLayout): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = SEED_CLIENT_ID;
  const paragraph = new Y.XmlElement(PARAGRAPH);
  paragraph.insert(0, [new Y.XmlText()]);
  doc
    .getXmlFragment(YDOC_CONTENT_FIELD)
    .insert(
      0,
      layout === 'plain'
        ? [paragraph]
        : [
            heading(TYPED_SECTION_ID, 'Bench section'),
            paragraph,
            heading(SPARE_SECTION_ID, 'Untouched section'),
          ],
    );
  return Y.encodeStateAsUpdate(doc);
}

/** The update that creates the bench's paragraph and text (the same bytes every time). */
export const BENCH_SEED_UPDATE: Uint8Array = makeSeed('plain');
const SECTIONS_SEED_UPDATE: Uint8Array = makeSeed('sections');

/**
 * The bench's text in `doc`, or null if the seed has not reached it (readers use this): the
 * text of the first paragraph among the fragment's first blocks (block 0 in the `plain` layout,
 * block 1 in `sections`).
 */
export function findBenchText(doc: Y.Doc): Y.XmlText | null {
  const fragment = doc.getXmlFragment(YDOC_CONTENT_FIELD);
  for (let i = 0; i < 2 && i < fragment.length; i++) {
    const block = fragment.get(i);
    if (!(block instanceof Y.XmlElement) || block.nodeName !== PARAGRAPH) continue;
    const text = block.get(0);
    return text instanceof Y.XmlText ? text : null;
  }
  return null;
}

/** The bench's text in `doc`, seeding it first if it is not there yet (writers use this). */
export function benchText(doc: Y.Doc, layout: BenchLayout = 'plain'): Y.XmlText {
  const found = findBenchText(doc);
  if (found !== null) return found;
  Y.applyUpdate(doc, layout === 'plain' ? BENCH_SEED_UPDATE : SECTIONS_SEED_UPDATE);
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
