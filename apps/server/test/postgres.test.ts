// The whole server on PostgreSQL (DATABASE_URL): everything it stores is in the database, none of
// it on the instance's disk, and a new instance on the same database carries on where it stopped.
import { readdirSync } from 'node:fs';
import { contentFragment, yDocToMarkdown } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { freshSchema, testPostgresUrl } from '../src/storage/postgres/testing.js';
import {
  authedFetch,
  connectProvider,
  docCall,
  onCleanup,
  signUp,
  startServer,
  TEST_PASSWORD,
  tempDir,
  untilStored,
  whenSynced,
} from './helpers.js';

const url = testPostgresUrl();

describe.skipIf(url === null)('server on PostgreSQL', () => {
  it('[PG5] with DATABASE_URL nothing is kept on local disk, and another instance on the same database has everything', async () => {
    const { schema, drop } = freshSchema(url as string);
    onCleanup(drop);
    const database = { url: url as string, schema };
    const firstDir = await tempDir();
    const first = await startServer({ database }, { dataDir: firstDir });
    const owner = await signUp(first, 'Owner');
    const created = await docCall(first, owner, 'POST', '', {
      title: 'Payments review',
      template: 'technical-architecture-framework',
    });
    expect(created.status).toBe(201);
    const docId = (created.body as { id: string }).id;
    const token = (await docCall(first, owner, 'POST', `${docId}/token`)).body.token as string;
    const client = connectProvider(first.syncUrl, docId, { token });
    await whenSynced(client);
    const heading = contentFragment(client.doc)
      .toArray()
      .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'heading')
      ?.get(0) as Y.XmlText;
    heading.insert(0, 'Edited on PostgreSQL: ');
    const expected = yDocToMarkdown(client.doc);
    // Committed in PostgreSQL.
    await untilStored(
      first,
      docId,
      (stored) => {
        const check = new Y.Doc();
        if (stored?.snapshot) Y.applyUpdate(check, stored.snapshot);
        for (const u of stored?.updates ?? []) Y.applyUpdate(check, u);
        return yDocToMarkdown(check) === expected;
      },
      'the edit to be stored',
    );
    const sections = (await docCall(first, owner, 'GET', `${docId}/sections`)).body
      .sections as Array<{ id: string }>;
    const thread = await docCall(first, owner, 'POST', `${docId}/comments`, {
      sectionId: sections[1]?.id,
      body: 'Kept in PostgreSQL',
    });
    expect(thread.status).toBe(201);
    client.provider.destroy();
    await first.close();
    // Nothing on the instance's disk: no database file, no secret file.
    expect(readdirSync(firstDir)).toEqual([]);

    // Another instance, another (empty) data folder, the same database.
    const second = await startServer({ database }, { dataDir: await tempDir() });
    const login = await fetch(`${second.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: owner.email, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const again = { token: ((await login.json()) as { token: string }).token };
    const exported = await authedFetch(again, `${second.url}/api/docs/${docId}/export.md`);
    expect(await exported.text()).toBe(expected);
    const doc = (await docCall(second, again, 'GET', docId)).body as { title: string };
    expect(doc.title).toBe('Payments review');
    const threads = (await docCall(second, again, 'GET', `${docId}/comments`)).body
      .threads as Array<{ comments: Array<{ body: string }> }>;
    expect(threads.map((t) => t.comments[0]?.body)).toEqual(['Kept in PostgreSQL']);
    // The first instance's document token verifies here: the secret is shared through the
    // database, and the edit is in the content the new instance serves.
    const reader = connectProvider(second.syncUrl, docId, { token });
    await whenSynced(reader);
    expect(yDocToMarkdown(reader.doc)).toBe(expected);
  });
});
