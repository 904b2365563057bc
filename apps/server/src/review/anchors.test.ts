import { jsonToYDoc, markdownToDoc } from '@ratify/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorSlice, resolveAnchor, sectionOfText } from './anchors.js';

const MARKDOWN =
  '# Review\n\n## Context\n\nThe ledger keeps every payment.\n\n## Decision\n\nUse queues.\n';

/** The XmlText of the first paragraph after the heading titled `title`. */
function paragraphText(doc: Y.Doc, title: string): Y.XmlText {
  const blocks = doc.getXmlFragment('content').toArray() as Y.XmlElement[];
  const at = blocks.findIndex((b) => b.nodeName === 'heading' && b.toString().includes(title));
  return (blocks[at + 1] as Y.XmlElement).get(0) as Y.XmlText;
}

function anchorOn(text: Y.XmlText, from: number, to: number) {
  const encode = (index: number, assoc: number) =>
    Buffer.from(
      Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index, assoc)),
    ).toString('base64');
  return {
    // The start sticks to the character after it, the end to the one before: typing at either
    // edge does not widen the range.
    start: encode(from, 0),
    end: encode(to, -1),
    quote: text.toString().slice(from, to),
  };
}

function replicas(count: number): Y.Doc[] {
  const base = jsonToYDoc(markdownToDoc(MARKDOWN));
  const update = Y.encodeStateAsUpdate(base);
  return Array.from({ length: count }, () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    return doc;
  });
}

function sync(docs: Y.Doc[]): void {
  for (const a of docs)
    for (const b of docs) {
      if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    }
}

describe('comment anchors', () => {
  it('[CM2] an anchor follows edits around it, and names the section it is in', () => {
    const [doc] = replicas(1) as [Y.Doc];
    const text = paragraphText(doc, 'Context');
    const anchor = anchorOn(text, 4, 10); // "ledger"
    expect(anchor.quote).toBe('ledger');
    text.insert(0, 'Note: ');
    text.insert(text.length, ' Always.');
    expect(anchorSlice(doc, anchor)?.slice).toBe('ledger');
    const state = resolveAnchor(doc, anchor);
    const contextId = (doc.getXmlFragment('content').toArray()[1] as Y.XmlElement).getAttribute(
      'id',
    );
    expect(state).toEqual({ state: 'attached', sectionId: contextId });
    expect(sectionOfText(doc, text)).toBe(contextId);
    // Typing inside the quote changes what it covers: removed, never silently moved.
    text.insert(text.toString().indexOf('ledger') + 3, 'X');
    expect(resolveAnchor(doc, anchor).state).toBe('removed');
  });

  it('[CM3] over random concurrent edits by three clients, an anchor covers its quote or is reported removed', () => {
    const op = fc.record({
      client: fc.integer({ min: 0, max: 2 }),
      kind: fc.constantFrom('insert', 'delete'),
      at: fc.nat(60),
      length: fc.integer({ min: 1, max: 5 }),
      text: fc.string({ minLength: 1, maxLength: 4 }),
      syncAfter: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        fc.nat(20),
        fc.integer({ min: 1, max: 8 }),
        (ops, from, span) => {
          const docs = replicas(3);
          const origin = docs[0] as Y.Doc;
          const base = paragraphText(origin, 'Context');
          const start = Math.min(from, base.length - 1);
          const end = Math.min(start + span, base.length);
          const anchor = anchorOn(base, start, end);
          for (const o of ops) {
            const doc = docs[o.client] as Y.Doc;
            const text = paragraphText(doc, 'Context');
            const at = Math.min(o.at, text.length);
            if (o.kind === 'insert') text.insert(at, o.text);
            else if (at < text.length) text.delete(at, Math.min(o.length, text.length - at));
            if (o.syncAfter) sync(docs);
          }
          sync(docs);
          for (const doc of docs) {
            const state = resolveAnchor(doc, anchor);
            const found = anchorSlice(doc, anchor);
            if (state.state === 'attached') expect(found?.slice).toBe(anchor.quote);
            else expect(found?.slice).not.toBe(anchor.quote);
          }
          // Every replica agrees.
          const states = docs.map((d) => resolveAnchor(d, anchor).state);
          expect(new Set(states).size).toBe(1);
        },
      ),
      { numRuns: 300, seed: 20261129 },
    );
  });

  it('an anchor that does not decode, spans two blocks or is empty is removed', () => {
    const [doc] = replicas(1) as [Y.Doc];
    const a = paragraphText(doc, 'Context');
    const b = paragraphText(doc, 'Decision');
    expect(resolveAnchor(doc, { start: '!!', end: '!!', quote: 'x' }).state).toBe('removed');
    const spanning = { ...anchorOn(a, 0, 3), end: anchorOn(b, 0, 3).end };
    expect(resolveAnchor(doc, spanning).state).toBe('removed');
    expect(resolveAnchor(doc, anchorOn(a, 2, 2)).state).toBe('removed');
  });
});
