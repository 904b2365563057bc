// The whole server on PostgreSQL (DATABASE_URL): everything it stores is in the database, none of
// it on the instance's disk, and a new instance on the same database carries on where it stopped.
import { readdirSync } from 'node:fs';
import { contentFragment, writeTitle, yDocToMarkdown } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { freshSchema, testPostgresUrl } from '../src/storage/postgres/testing.js';
import {
  authedFetch,
  connectProvider,
  docCall,
  onCleanup,
  onTick,
  signUp,
  startServer,
  TEST_PASSWORD,
  tempDir,
  until,
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

  it('[PG6] NUL characters: a REST body with one is refused with 400 on every backend; one written into the document by a client is stored on PostgreSQL as U+FFFD (signed Markdown; titles drop control characters)', async () => {
    const { schema, drop } = freshSchema(url as string);
    onCleanup(drop);
    const server = await startServer({ database: { url: url as string, schema } });
    const owner = await signUp(server, 'Owner');
    const refused = await docCall(server, owner, 'POST', '', { markdown: '# A\u0000B\n' });
    expect(refused.status).toBe(400);
    expect((refused.body as { error: { code: string } }).error.code).toBe('invalid_text');
    const created = await docCall(server, owner, 'POST', '', {
      markdown: '# Payments review\n\n## Context\n\nThe ledger.\n',
    });
    const docId = (created.body as { id: string }).id;
    const put = await docCall(server, owner, 'PUT', `${docId}/reviewers`, {
      document: [owner.id],
      sections: {},
    });
    expect(put.status).toBe(200);
    const token = (await docCall(server, owner, 'POST', `${docId}/token`)).body.token as string;
    const client = connectProvider(server.syncUrl, docId, { token });
    await whenSynced(client);
    const before = (await docCall(server, owner, 'GET', `${docId}/sections`)).body as {
      sections: Array<{ title: string; contentHash: string }>;
    };
    const hashBefore = before.sections.find((s) => s.title === 'Context')?.contentHash;
    writeTitle(client.doc, 'Pay\u0000ments');
    const paragraph = (contentFragment(client.doc).toArray().at(-1) as Y.XmlElement).get(
      0,
    ) as Y.XmlText;
    paragraph.insert(0, 'nul\u0000 ');
    let sections: Array<{ id: string; title: string; contentHash: string }> = [];
    let docTitle: string | null = null;
    await until(
      () => docTitle === 'Payments' && sections.length > 0,
      (notify) =>
        onTick(20)(async () => {
          docTitle = (await server.storage.getMeta(docId))?.title ?? null;
          const body = (await docCall(server, owner, 'GET', `${docId}/sections`)).body as {
            sections: typeof sections;
          };
          const context = body.sections.find((s) => s.title === 'Context');
          // The server's hash of Context moved: it has the edit.
          sections = context !== undefined && context.contentHash !== hashBefore ? [context] : [];
          notify();
        }),
      5000,
      'the title and the edit to reach the server',
    );
    const context = sections[0] as { id: string; contentHash: string };
    const signed = await docCall(server, owner, 'POST', `${docId}/signoffs`, {
      verdict: 'approve',
      sectionId: context.id,
      contentHash: context.contentHash,
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    const stored = await server.reviews.signedMarkdown(docId, [1]);
    expect(stored.get(1)).toContain('nul\uFFFD ');
  });
});
