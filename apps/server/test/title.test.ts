// Titles: the document holds its own title (the Y.Doc's `meta` map, @ratify/schema title.ts);
// the server copies it into the stored list title, and names imports after their `#` heading.
import { MAX_TITLE_LENGTH, metaMap, readTitle, TITLE_KEY, writeTitle } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import {
  authorize,
  connectProvider,
  createDoc,
  onTick,
  ownerFetch,
  startServer,
  type TestServer,
  until,
  whenSynced,
} from './helpers.js';

async function post(server: TestServer, body: unknown): Promise<Response> {
  return ownerFetch(server, `${server.url}/api/docs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function storedTitle(server: TestServer, id: string): Promise<string | undefined> {
  return (await server.storage.getMeta(id))?.title;
}

/** Wait until the stored (list) title of `id` is `title`. */
async function untilStoredTitle(server: TestServer, id: string, title: string): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const stored = await storedTitle(server, id);
    if (stored === title) return;
    if (Date.now() > deadline) {
      throw new Error(`the stored title is "${stored}", not "${title}", after 5000 ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function listedTitles(server: TestServer): Promise<string[]> {
  const res = await ownerFetch(server, `${server.url}/api/docs`);
  return ((await res.json()) as { docs: { title: string }[] }).docs.map((d) => d.title);
}

describe('document titles', () => {
  it('[TI1] a new document carries its title inside, and the stored title follows a rename', async () => {
    const server = await startServer();
    const id = await createDoc(server, {
      title: 'Before',
      template: 'technical-architecture-framework',
    });
    const alice = connectProvider(server.syncUrl, id);
    const bob = connectProvider(server.syncUrl, id);
    await Promise.all([whenSynced(alice), whenSynced(bob)]);
    expect(readTitle(alice.doc)).toBe('Before');

    writeTitle(alice.doc, 'After the rename');
    await until(() => readTitle(bob.doc) === 'After the rename', onTick(), 5000, 'bob to see it');
    await untilStoredTitle(server, id, 'After the rename');
    expect(await listedTitles(server)).toEqual(['After the rename']);
    const meta = (await (await ownerFetch(server, `${server.url}/api/docs/${id}`)).json()) as {
      title: string;
    };
    expect(meta.title).toBe('After the rename');
  });

  it('[TI2] only a usable title from the document counts: normalized, capped, junk ignored', async () => {
    const server = await startServer();
    const id = await createDoc(server, { title: 'Start', markdown: '# Start\n' });
    const client = connectProvider(server.syncUrl, id);
    await whenSynced(client);

    // Written raw, as a misbehaving client could: whitespace collapsed, length capped.
    metaMap(client.doc).set(TITLE_KEY, `  Long\n${'x'.repeat(400)}  `);
    const capped = `Long ${'x'.repeat(400)}`.slice(0, MAX_TITLE_LENGTH);
    await untilStoredTitle(server, id, capped);

    // Not a string, or blank: the stored title stays what it was.
    metaMap(client.doc).set(TITLE_KEY, 42);
    metaMap(client.doc).set(TITLE_KEY, '   ');
    writeTitle(client.doc, 'Marker');
    await untilStoredTitle(server, id, 'Marker');
    metaMap(client.doc).set(TITLE_KEY, { name: 'object' });
    // A later real rename still goes through, so the junk above was seen and skipped.
    writeTitle(client.doc, 'Final');
    await untilStoredTitle(server, id, 'Final');
    // Other edits leave the title alone.
    client.doc.getText('notes').insert(0, 'typing');
    await until(
      () => server.hub.liveRoom(id)?.doc.getText('notes').toString() === 'typing',
      onTick(),
      5000,
      'the edit to arrive',
    );
    expect(await storedTitle(server, id)).toBe('Final');
  });

  it('[TI3] a stored title that fell behind (crash between edit and title write) is repaired on load', async () => {
    const server = await startServer();
    const id = await createDoc(server, { markdown: '# Repaired\n' });
    const first = connectProvider(server.syncUrl, id);
    await whenSynced(first);
    writeTitle(first.doc, 'From the document');
    await untilStoredTitle(server, id, 'From the document');
    first.provider.destroy();
    await server.hub.evict(id, 1000, 'test');
    await server.storage.setTitle(id, 'Stale');

    const second = connectProvider(server.syncUrl, id);
    await whenSynced(second);
    await untilStoredTitle(server, id, 'From the document');
  });

  it('[TI4] an import is named after its # heading unless a title is given', async () => {
    const server = await startServer();
    const fromHeading = await post(server, {
      markdown: 'Intro text.\n\n# Payments review\n\n## Scope\n\n- [ ] a\n',
    });
    expect(fromHeading.status).toBe(201);
    const created = (await fromHeading.json()) as { id: string; title: string };
    expect(created.title).toBe('Payments review');
    await authorize(server, created.id);
    const client = connectProvider(server.syncUrl, created.id);
    await whenSynced(client);
    expect(readTitle(client.doc)).toBe('Payments review');

    const given = await post(server, { title: 'Given', markdown: '# From the file\n' });
    expect(((await given.json()) as { title: string }).title).toBe('Given');
    // A heading-less file is fine when a title is given.
    const titled = await post(server, { title: 'Notes', markdown: 'Only text.\n' });
    expect(titled.status).toBe(201);
  });

  it('[TI5] empty and heading-less imports are refused with a message, and nothing is written', async () => {
    const server = await startServer();
    const cases: Array<[string, string, RegExp]> = [
      ['', 'empty_markdown', /file is empty/],
      ['  \n\n\t\n', 'empty_markdown', /file is empty/],
      ['Just a paragraph.\n', 'markdown_without_title', /no title.*level-1 heading/],
      ['## Only a subsection\n\ntext\n', 'markdown_without_title', /no title/],
    ];
    for (const [markdown, code, message] of cases) {
      const res = await post(server, { markdown });
      expect(res.status, JSON.stringify(markdown)).toBe(422);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(message);
    }
    expect(await server.storage.list()).toEqual([]);
  });
});
