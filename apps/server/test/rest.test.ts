import { mkdir, writeFile } from 'node:fs/promises';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import {
  CloseCode,
  contentFragment,
  createFromTemplate,
  docToMarkdown,
  templateMarkdown,
  yDocToJSON,
} from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectProvider,
  createDoc,
  docOwner,
  newMember,
  onDocUpdates,
  onTick,
  ownerFetch,
  startServer,
  type TestServer,
  tempDir,
  until,
  untilMetric,
  whenSynced,
} from './helpers.js';

interface ErrorJson {
  error: { code: string; message: string };
}

async function post(server: TestServer, body: unknown, raw = false): Promise<Response> {
  return ownerFetch(server, `${server.url}/api/docs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
}

async function expectError(res: Response, status: number, code: string, message: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as ErrorJson;
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(message);
}

/** Strip the random node ids the schema adds, to compare documents by content. */
function withoutIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'attrs' && v !== null && typeof v === 'object') {
      const { id: _id, ...rest } = v as Record<string, unknown>;
      out[k] = rest;
    } else out[k] = withoutIds(v);
  }
  return out;
}

describe('REST API', () => {
  it('[RS1] POST /api/docs creates empty, template and Markdown documents', async () => {
    const server = await startServer();
    const empty = await post(server, {});
    expect(empty.status).toBe(201);
    const emptyBody = (await empty.json()) as { id: string; title: string };
    expect(emptyBody).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      title: 'Untitled review',
      role: 'owner',
    });

    const fromTemplate = await post(server, {
      title: '  Payments  ',
      template: 'technical-architecture-framework',
    });
    expect(fromTemplate.status).toBe(201);
    const tpl = (await fromTemplate.json()) as { id: string; title: string };
    expect(tpl.title).toBe('Payments');
    const tplDoc = (await (
      await ownerFetch(server, `${server.url}/api/docs/${tpl.id}`)
    ).json()) as {
      content: unknown;
    };
    expect(withoutIds(tplDoc.content)).toEqual(
      withoutIds(createFromTemplate('technical-architecture-framework')),
    );
    const tplMd = await (
      await ownerFetch(server, `${server.url}/api/docs/${tpl.id}/export.md`)
    ).text();
    expect(tplMd).toBe(docToMarkdown(createFromTemplate('technical-architecture-framework')));
    expect(tplMd.length).toBeGreaterThan(
      templateMarkdown('technical-architecture-framework').length / 2,
    );

    const md = '# Hello\n\nWorld *x*\n';
    const fromMd = await post(server, { markdown: md });
    expect(fromMd.status).toBe(201);
    const { id } = (await fromMd.json()) as { id: string };
    const exported = await ownerFetch(server, `${server.url}/api/docs/${id}/export.md`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await exported.text()).toBe(md);
  });

  it('[RS2] bad input is a 4xx naming the problem, and nothing is written', async () => {
    const server = await startServer();
    const cases: Array<[unknown, number, string, RegExp, boolean?]> = [
      [{ title: 42 }, 400, 'invalid_request', /title: .*expected string/i],
      [{ title: '' }, 400, 'invalid_request', /title: /],
      [
        { template: 'no-such-template' },
        400,
        'invalid_request',
        /template must be one of: technical-architecture-framework/,
      ],
      [
        { template: 'technical-architecture-framework', markdown: '# x' },
        400,
        'invalid_request',
        /at most one of template, markdown and example/,
      ],
      [{ markdown: 'x', extra: true }, 400, 'invalid_request', /unrecognized key.*extra/i],
      [{ markdown: 17 }, 400, 'invalid_request', /markdown: /],
      [[1, 2], 400, 'invalid_request', /expected object/i],
      ['{"title": ', 400, 'invalid_json', /not valid JSON/, true],
      [{ markdown: 'binary\u0000junk' }, 400, 'invalid_text', /NUL character/],
    ];
    for (const [body, status, code, message, raw] of cases) {
      await expectError(await post(server, body, raw), status, code, message);
    }
    expect(await server.storage.list()).toEqual([]);
  });

  it('[RS3] GET /api/docs lists id, title and ISO times, most recently updated first', async () => {
    const server = await startServer();
    const first = await createDoc(server, { title: 'First' });
    const second = await createDoc(server, { title: 'Second' });
    const editor = connectProvider(server.syncUrl, first);
    await whenSynced(editor);
    const before = (await server.storage.getMeta(first))?.updatedAt ?? 0;
    await until(() => Date.now() > before, onTick(1), 1000, 'the clock to move');
    editor.doc.getText('notes').insert(0, 'touch');
    await until(
      () => server.hub.liveRoom(first)?.doc.getText('notes').length === 5,
      onTick(),
      5000,
      'the edit to land',
    );
    const res = await ownerFetch(server, `${server.url}/api/docs`);
    expect(res.status).toBe(200);
    const { docs } = (await res.json()) as { docs: Array<Record<string, string>> };
    expect(docs.map((d) => [d.id, d.title])).toEqual([
      [first, 'First'],
      [second, 'Second'],
    ]);
    for (const d of docs) {
      expect(new Date(d.createdAt ?? '').toISOString()).toBe(d.createdAt);
      expect(Date.parse(d.updatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(d.createdAt ?? ''));
    }
    expect(Date.parse(docs[0]?.updatedAt ?? '')).toBeGreaterThan(
      Date.parse(docs[0]?.createdAt ?? ''),
    );
  });

  it('[RS3] GET /api/docs says who has each document open, from live presence', async () => {
    const server = await startServer();
    const open = await createDoc(server, { title: 'Open' });
    const closed = await createDoc(server, { title: 'Closed' });
    const ana = connectProvider(server.syncUrl, open, {
      token: (await newMember(server, open, 'editor', 'Ana')).docToken,
    });
    const bo = connectProvider(server.syncUrl, open, {
      token: (await newMember(server, open, 'viewer', 'Bo')).docToken,
    });
    await Promise.all([whenSynced(ana), whenSynced(bo)]);
    // What a client claims is not what the list says: presence carries the account's name.
    ana.provider.awareness.setLocalStateField('user', { name: 'Someone else', color: '#aa0000' });
    bo.provider.awareness.setLocalStateField('cursor', { anchor: 1 });

    const presentIn = async () => {
      const { docs } = (await (await ownerFetch(server, `${server.url}/api/docs`)).json()) as {
        docs: Array<{ id: string; present: Array<{ name: string; color: string }> }>;
      };
      return Object.fromEntries(docs.map((d) => [d.id, d.present.map((p) => p.name).sort()]));
    };
    const deadline = Date.now() + 5000;
    let present = await presentIn();
    while ((present[open]?.length ?? 0) < 2 && Date.now() < deadline) present = await presentIn();
    expect(present[open]).toEqual(['Ana', 'Bo']);
    expect(present[closed]).toEqual([]);

    bo.provider.destroy();
    while ((present[open]?.length ?? 0) > 1 && Date.now() < deadline + 5000)
      present = await presentIn();
    expect(present[open]).toEqual(['Ana']);
  });

  it('[RS4] GET /api/docs/:id and export.md read the live Yjs state', async () => {
    const server = await startServer();
    const id = await createDoc(server, {
      title: 'Live',
      markdown: '# Title\n\nFirst paragraph.\n',
    });
    const editor = connectProvider(server.syncUrl, id);
    await whenSynced(editor);
    // Edit the ProseMirror content the way the editor would: append a paragraph.
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Typed live.')]);
    contentFragment(editor.doc).push([paragraph]);
    const room = server.hub.liveRoom(id);
    if (room === null) throw new Error('room not loaded');
    await until(
      () => contentFragment(room.doc).length === 3,
      onDocUpdates(room.doc),
      5000,
      'the server to apply the paragraph',
    );
    const res = await ownerFetch(server, `${server.url}/api/docs/${id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ id, title: 'Live' });
    expect(body.content).toEqual(yDocToJSON(editor.doc));
    const md = await (await ownerFetch(server, `${server.url}/api/docs/${id}/export.md`)).text();
    expect(md).toBe('# Title\n\nFirst paragraph.\n\nTyped live.\n');
    // And from storage once the room is gone.
    editor.provider.destroy();
    await server.hub.evict(id, 1000, 'test');
    expect(server.hub.liveRoom(id)).toBeNull();
    const cold = await (await ownerFetch(server, `${server.url}/api/docs/${id}/export.md`)).text();
    expect(cold).toBe(md);
  });

  it('[RS5] unknown and invalid ids are 404 and 400 on every route', async () => {
    const server = await startServer();
    for (const [method, suffix] of [
      ['GET', ''],
      ['GET', '/export.md'],
      ['DELETE', ''],
    ] as const) {
      await expectError(
        await ownerFetch(server, `${server.url}/api/docs/nope${suffix}`, { method }),
        404,
        'document_not_found',
        /document nope does not exist/,
      );
      await expectError(
        await ownerFetch(server, `${server.url}/api/docs/bad.id${suffix}`, { method }),
        400,
        'invalid_document_id',
        /document id must be 1-64 characters/,
      );
      await expectError(
        await ownerFetch(server, `${server.url}/api/docs/${'x'.repeat(65)}${suffix}`, { method }),
        400,
        'invalid_document_id',
        /document id/,
      );
    }
    await expectError(
      await ownerFetch(server, `${server.url}/api/nothing-here`),
      404,
      'not_found',
      /GET \/api\/nothing-here/,
    );
  });

  it('[RS6] DELETE removes the document and closes live connections with 4404', async () => {
    const server = await startServer();
    const id = await createDoc(server, { markdown: '# Doomed\n' });
    const keep = await createDoc(server, { title: 'Keep' });
    const client = connectProvider(server.syncUrl, id);
    await whenSynced(client);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      client.provider.once('closed', resolve),
    );
    const res = await ownerFetch(server, `${server.url}/api/docs/${id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await closed).toEqual({
      code: CloseCode.documentNotFound,
      reason: 'document was deleted',
    });
    expect((await ownerFetch(server, `${server.url}/api/docs/${id}`)).status).toBe(404);
    expect((await server.storage.list()).map((d) => d.id)).toEqual([keep]);
    expect(server.hub.liveRoom(id)).toBeNull();
  });

  it('[RS7] health, readiness, metrics and the OpenAPI document', async () => {
    const server = await startServer();
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready' });

    const id = await createDoc(server);
    const client = connectProvider(server.syncUrl, id);
    await whenSynced(client);
    client.doc.getText('notes').insert(0, 'metric me');
    await until(
      () => server.hub.liveRoom(id)?.doc.getText('notes').length === 9,
      onTick(),
      5000,
      'the edit to land',
    );
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    for (const name of [
      'ratify_connections 1',
      'ratify_loaded_documents 1',
      'ratify_updates_received_total',
      'ratify_persist_seconds_count',
      'ratify_broadcast_seconds_count',
      'ratify_rejected_messages_total',
    ]) {
      expect(metrics).toContain(name);
    }
    await untilMetric(server, 'ratify_persist_seconds_count', (n) => n >= 1);

    const openapi = (await (await ownerFetch(server, `${server.url}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(openapi.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/api/docs',
        '/api/docs/{id}',
        '/api/docs/{id}/export.md',
        '/healthz',
        '/readyz',
        '/metrics',
        '/api/auth/signup',
        '/api/auth/login',
        '/api/auth/logout',
        '/api/auth/me',
        '/api/auth/password',
        '/api/auth/tokens',
        '/api/docs/{id}/members',
        '/api/docs/{id}/members/{userId}',
        '/api/docs/{id}/invites',
        '/api/docs/{id}/invites/{inviteId}',
        '/api/invites/{secret}',
        '/api/invites/{secret}/accept',
        '/api/docs/{id}/token',
        '/api/docs/{id}/audit',
        '/api/admin/audit',
        '/api/auth/oidc/start',
        '/api/docs/{id}/reviewers',
        '/api/docs/{id}/signoffs',
        '/api/docs/{id}/signoffs/verify',
        '/api/docs/{id}/sections',
        '/api/docs/{id}/rounds',
        '/api/docs/{id}/rounds/current',
        '/api/docs/{id}/approval/next',
        '/api/docs/{id}/comments/{threadId}/read',
        '/api/notifications',
        '/api/notifications/read',
        '/api/notifications/stream',
      ]),
    );
    const components = (openapi as unknown as { components: { schemas: Record<string, unknown> } })
      .components.schemas;
    expect(JSON.stringify(openapi.paths['/api/docs']?.post)).toContain(
      '#/components/schemas/CreateDocRequest',
    );
    expect(components.CreateDocRequest).toMatchObject({
      type: 'object',
      properties: { template: { type: 'string', examples: ['technical-architecture-framework'] } },
      additionalProperties: false,
    });
    // Every $ref points at a schema that exists.
    for (const [, name] of JSON.stringify(openapi).matchAll(/"#\/components\/schemas\/(\w+)"/g)) {
      expect(components[name ?? '']).toBeDefined();
    }

    await server.storage.close();
    const notReady = await fetch(`${server.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(((await notReady.json()) as ErrorJson).error.code).toBe('storage_unavailable');
  });

  it('[RS8] serves the built web app with an SPA fallback, or a placeholder page', async () => {
    const bare = await startServer();
    const placeholder = await fetch(`${bare.url}/`);
    expect(placeholder.status).toBe(200);
    expect(await placeholder.text()).toContain('web client is not built');

    const web = await tempDir('ratify-web-');
    await mkdir(path.join(web, 'assets'));
    await writeFile(path.join(web, 'index.html'), '<!doctype html><title>Ratify app</title>');
    await writeFile(path.join(web, 'assets', 'app.js'), 'console.log(1)');
    const server = await startServer({ webDistDir: web });
    const page = await fetch(`${server.url}/`);
    expect(await page.text()).toContain('Ratify app');
    // Security headers: scripts only from this origin, no framing by other sites.
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await (await fetch(`${server.url}/docs/abc`)).text()).toContain('Ratify app');
    const asset = await fetch(`${server.url}/assets/app.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await ownerFetch(server, `${server.url}/api/unknown`)).status).toBe(404);
  });

  it('[RS9] compresses what the client accepts (stored copies first); hashed assets are immutable, the page is revalidated', async () => {
    const web = await tempDir('ratify-web-');
    await mkdir(path.join(web, 'assets'));
    await writeFile(path.join(web, 'index.html'), '<!doctype html><title>Ratify app</title>');
    await writeFile(path.join(web, 'robots.txt'), 'User-agent: *\n');
    const bundle = `export const big = ${JSON.stringify('checklist '.repeat(5000))};\n`;
    await writeFile(path.join(web, 'assets', 'editor-AbC123.js'), bundle);
    // Stored copies whose content differs on purpose, so the test sees which bytes went out.
    const stored = 'stored by the build';
    await writeFile(path.join(web, 'assets', 'list-XyZ789.js'), bundle);
    await writeFile(path.join(web, 'assets', 'list-XyZ789.js.br'), brotliCompressSync(stored));
    await writeFile(path.join(web, 'assets', 'list-XyZ789.js.gz'), gzipSync(stored));
    const server = await startServer({ webDistDir: web });

    const gzipped = await rawGet(`${server.url}/assets/editor-AbC123.js`, 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.body.length).toBeLessThan(bundle.length / 10);
    expect(gunzipSync(gzipped.body).toString()).toBe(bundle);
    expect(gzipped.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const plain = await rawGet(`${server.url}/assets/editor-AbC123.js`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(bundle);

    for (const page of ['/', '/d/some-doc']) {
      expect((await rawGet(`${server.url}${page}`, 'gzip')).headers['cache-control']).toBe(
        'no-cache',
      );
    }
    // A stored compressed copy next to the file (the web build writes them) is sent as it is.
    const br = await rawGet(`${server.url}/assets/list-XyZ789.js`, 'gzip, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.body).toString()).toBe(stored);
    const gz = await rawGet(`${server.url}/assets/list-XyZ789.js`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(stored);
    expect((await rawGet(`${server.url}/assets/list-XyZ789.js`, 'identity')).body.toString()).toBe(
      bundle,
    );

    // Files outside assets/ keep their names across builds: not immutable.
    const robots = await rawGet(`${server.url}/robots.txt`, 'gzip');
    expect(robots.headers['cache-control']).not.toMatch(/immutable/);

    // API responses are compressed too once they are worth it (a document's JSON content).
    const id = await createDoc(server, {
      title: 'Compressed',
      markdown: templateMarkdown('technical-architecture-framework'),
    });
    const docJson = await rawGet(
      `${server.url}/api/docs/${id}`,
      'gzip',
      (await docOwner(server)).token,
    );
    expect(docJson.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(docJson.body).toString())).toMatchObject({ title: 'Compressed' });
  });
});

/** GET with an explicit Accept-Encoding and the raw bytes (fetch would decompress them). */
function rawGet(
  url: string,
  acceptEncoding: string,
  bearer?: string,
): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  const headers: Record<string, string> = { 'accept-encoding': acceptEncoding };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}
