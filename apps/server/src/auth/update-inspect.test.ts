import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { inspectUpdate } from './update-inspect.js';

const ROOTS = new Set(['content', 'meta']);

/** A server copy and a client replica that start in sync. */
function pair(setup: (doc: Y.Doc) => void = () => {}) {
  const server = new Y.Doc();
  setup(server);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client };
}

/** What the client would send as its sync step 2 to this server. */
const step2 = (client: Y.Doc, server: Y.Doc) =>
  Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));

function paragraphs(doc: Y.Doc, ...texts: string[]) {
  const fragment = doc.getXmlFragment('content');
  for (const text of texts) {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(text)]);
    fragment.push([p]);
  }
}

describe('inspectUpdate', () => {
  it('a step 2 with nothing new changes nothing, even when the client knows of deletions', () => {
    const { server, client } = pair((d) => paragraphs(d, 'one', 'two', 'three'));
    // Deleted on the server (and garbage-collected there): the client's delete set names it.
    server.getXmlFragment('content').delete(1, 1);
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
    const update = step2(client, server);
    expect(Y.decodeUpdate(update).ds.clients.size).toBeGreaterThan(0);
    expect(inspectUpdate(update, server, ROOTS)).toEqual({ foreignRoot: null, changes: false });
    expect(inspectUpdate(Y.encodeStateAsUpdate(client), server, ROOTS).changes).toBe(false);
  });

  it('an insert, a format change and a delete each change the document', () => {
    const { server, client } = pair((d) => paragraphs(d, 'text'));
    const text = () =>
      (client.getXmlFragment('content').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const sv = Y.encodeStateVector(server);
    text().insert(0, 'x');
    expect(inspectUpdate(Y.encodeStateAsUpdate(client, sv), server, ROOTS)).toEqual({
      foreignRoot: null,
      changes: true,
    });

    const { server: s2, client: c2 } = pair((d) => paragraphs(d, 'text'));
    ((c2.getXmlFragment('content').get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 2);
    const deletion = step2(c2, s2);
    expect(Y.decodeUpdate(deletion).structs).toHaveLength(0);
    expect(inspectUpdate(deletion, s2, ROOTS).changes).toBe(true);

    const { server: s3, client: c3 } = pair((d) => paragraphs(d, 'text'));
    c3.getMap('meta').set('title', 'Renamed');
    expect(inspectUpdate(step2(c3, s3), s3, ROOTS)).toEqual({ foreignRoot: null, changes: true });
  });

  it('names a root outside the allowed ones, also when mixed with allowed changes', () => {
    const { server, client } = pair((d) => paragraphs(d, 'a'));
    paragraphs(client, 'allowed');
    client.getMap('comments').set('forged', { by: 'someone else' });
    expect(inspectUpdate(step2(client, server), server, ROOTS)).toEqual({
      foreignRoot: 'comments',
      changes: true,
    });
    const { server: s2, client: c2 } = pair();
    c2.getText('notes').insert(0, 'hi');
    expect(inspectUpdate(step2(c2, s2), s2, ROOTS).foreignRoot).toBe('notes');
  });

  it('nested types inside an allowed root are not roots', () => {
    const { server, client } = pair((d) => paragraphs(d, 'a'));
    const p = client.getXmlFragment('content').get(0) as Y.XmlElement;
    p.setAttribute('id', 'x');
    (p.get(0) as Y.XmlText).insert(1, ' more', { bold: true });
    client.getXmlFragment('content').insert(0, [new Y.XmlElement('heading')]);
    expect(inspectUpdate(step2(client, server), server, ROOTS)).toEqual({
      foreignRoot: null,
      changes: true,
    });
  });

  it('a delete of something the server never had counts as a change', () => {
    const server = new Y.Doc();
    const other = new Y.Doc();
    other.getText('content').insert(0, 'abc');
    other.getText('content').delete(0, 3);
    const onlyDeletes = Y.encodeStateAsUpdate(other, Y.encodeStateVector(other));
    expect(inspectUpdate(onlyDeletes, server, ROOTS).changes).toBe(true);
  });

  it('throws on bytes that are not an update', () => {
    expect(() => inspectUpdate(new Uint8Array([1, 200, 200]), new Y.Doc(), ROOTS)).toThrow();
  });
});
