// Full-text search over the documents a user may read, kept current as documents change.
import path from 'node:path';
import { contentFragment } from '@ratify/schema';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { freshSchema, testPostgresUrl } from '../src/storage/postgres/testing.js';
import {
  authedFetch,
  connectProvider,
  docCall,
  docOwner,
  onCleanup,
  onTick,
  signUp,
  startServer,
  type TestAccount,
  type TestServer,
  tempDir,
  until,
  whenSynced,
} from './helpers.js';

const pgUrl = testPostgresUrl();

interface Hit {
  docId: string;
  docTitle: string;
  kind: string;
  heading: string;
  threadId: string | null;
  snippet: Array<{ text: string; hit: boolean }>;
}

async function search(server: TestServer, who: TestAccount, q: string): Promise<Hit[]> {
  const res = await authedFetch(who, `${server.url}/api/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { hits: Hit[] }).hits;
}

async function untilFound(
  server: TestServer,
  who: TestAccount,
  q: string,
  check: (hits: Hit[]) => boolean,
  what: string,
) {
  let hits: Hit[] = [];
  await until(
    () => check(hits),
    (notify) =>
      onTick(25)(async () => {
        hits = await search(server, who, q);
        notify();
      }),
    5000,
    what,
  );
  return hits;
}

async function run(server: TestServer) {
  const owner = await signUp(server, 'Owner');
  const mine = await docCall(server, owner, 'POST', '', {
    markdown: '# Payments review\n\n## Context\n\n- Framework: React\n\nThe ledger.\n',
  });
  const other = await docCall(server, owner, 'POST', '', {
    markdown: '# Secret plans\n\n## Context\n\nThe ledger of secrets.\n',
  });
  const [mineId, otherId] = [(mine.body as { id: string }).id, (other.body as { id: string }).id];
  const ada = await signUp(server, 'Ada');
  expect(
    (
      await docCall(server, owner, 'POST', `${mineId}/members`, {
        email: ada.email,
        role: 'editor',
      })
    ).status,
  ).toBe(201);
  // Created documents are indexed without anyone opening them.
  await untilFound(
    server,
    owner,
    'ledger',
    (h) => h.length === 2,
    'both new documents to be indexed',
  );
  const adaHits = await untilFound(server, ada, 'ledger', (h) => h.length === 1, "Ada's search");
  expect(adaHits[0]).toMatchObject({
    docId: mineId,
    docTitle: 'Payments review',
    kind: 'section',
    heading: 'Context',
  });
  expect(adaHits[0]?.snippet.filter((p) => p.hit).map((p) => p.text.toLowerCase())).toEqual([
    'ledger',
  ]);
  // Field values are searchable.
  expect((await search(server, ada, 'react'))[0]?.heading).toBe('Context');

  // An edit is found once the index catches up (debounced, off the edit path).
  const token = (await docCall(server, ada, 'POST', `${mineId}/token`)).body.token as string;
  const client = connectProvider(server.syncUrl, mineId, { token });
  await whenSynced(client);
  const blocks = contentFragment(client.doc).toArray() as Y.XmlElement[];
  ((blocks.at(-1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Idempotency ');
  await untilFound(server, ada, 'idempot', (h) => h.length === 1, 'the edit to be searchable');
  // Comments too, with their thread.
  const sections = (await docCall(server, ada, 'GET', `${mineId}/sections`)).body
    .sections as Array<{ id: string; title: string }>;
  const thread = await docCall(server, ada, 'POST', `${mineId}/comments`, {
    sectionId: sections.find((s) => s.title === 'Context')?.id,
    body: 'Why not Kafka here?',
  });
  expect(thread.status).toBe(201);
  const kafka = await untilFound(
    server,
    ada,
    'kafka',
    (h) => h.length === 1,
    'the comment to be searchable',
  );
  expect(kafka[0]).toMatchObject({
    kind: 'comment',
    heading: 'Context',
    threadId: (thread.body as { thread: { id: string } }).thread.id,
  });
  // A deleted document leaves the index.
  expect((await docCall(server, owner, 'DELETE', otherId)).status).toBe(204);
  await untilFound(
    server,
    owner,
    'secrets',
    (h) => h.length === 0,
    'the deleted document to leave the index',
  );
  const bad = await authedFetch(ada, `${server.url}/api/search?q=x&limit=500`);
  expect(bad.status).toBe(400);
  expect((await fetch(`${server.url}/api/search?q=x`)).status).toBe(401);
}

describe('search', () => {
  it('[SR3] on SQLite: members find titles, sections, fields and comments of their documents only; edits and deletions reach the index', async () => {
    await run(await startServer({}, { searchDebounceMs: 30 }));
  });

  it('[SR5] documents changed while nothing indexed them are indexed at start', async () => {
    const dataDir = await tempDir();
    const first = await startServer({}, { dataDir, searchDebounceMs: 30 });
    const owner = await docOwner(first);
    await docCall(first, owner, 'POST', '', {
      markdown: '# Archive\n\n## Notes\n\nA forgotten zeppelin.\n',
    });
    await untilFound(first, owner, 'zeppelin', (h) => h.length === 1, 'the first index');
    await first.close();
    // The index is lost (or predates the documents): the next start rebuilds what is missing.
    const db = new Database(path.join(dataDir, 'ratify.db'));
    db.exec('DELETE FROM search_fts; DELETE FROM search_docs;');
    db.close();
    const second = await startServer({}, { dataDir, searchDebounceMs: 30 });
    await untilFound(second, owner, 'zeppelin', (h) => h.length === 1, 'the catch-up at start');
  });

  it.skipIf(pgUrl === null)('[SR4] the same on PostgreSQL', async () => {
    const { schema, drop } = freshSchema(pgUrl as string);
    onCleanup(drop);
    await run(
      await startServer({ database: { url: pgUrl as string, schema } }, { searchDebounceMs: 30 }),
    );
  });
});
