// Templates: the built-in one and those owners save from their documents, each with a preview;
// a new review starts from any of them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contentFragment, docToMarkdown, markdownToDoc, yDocToMarkdown } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  apiCall,
  authedFetch,
  connectProvider,
  docCall,
  onDocUpdates,
  signUp,
  startServer,
  until,
  whenSynced,
} from './helpers.js';

interface TemplateJson {
  id: string;
  name: string;
  builtIn: boolean;
  createdBy: { id: string; name: string } | null;
  preview: {
    sections: Array<{ title: string }>;
    checklistItems: number;
    fields: number;
    excerpt: string;
  };
}

describe('templates', () => {
  it('[TP2] an owner saves a review as a template (ticks and change log start afresh); everyone lists it with a preview and starts a review from it; only its author or the administrator deletes it', async () => {
    const server = await startServer();
    const admin = await signUp(server, 'Admin');
    const owner = await signUp(server, 'Olivia');
    const other = await signUp(server, 'Oscar');
    const created = await docCall(server, owner, 'POST', '', {
      template: 'technical-architecture-framework',
    });
    const docId = (created.body as { id: string }).id;
    // Tick the first checklist item and rename the first section.
    const token = (await docCall(server, owner, 'POST', `${docId}/token`)).body.token as string;
    const client = connectProvider(server.syncUrl, docId, { token });
    await whenSynced(client);
    const blocks = contentFragment(client.doc).toArray() as Y.XmlElement[];
    (
      (blocks.find((b) => b.nodeName === 'checklist') as Y.XmlElement).get(0) as Y.XmlElement
    ).setAttribute('state', 'done');
    const heading = blocks.find(
      (b) => b.nodeName === 'heading' && Number(b.getAttribute('level')) === 2,
    ) as Y.XmlElement;
    (heading.get(0) as Y.XmlText).insert(0, 'Payments ');
    await until(
      () => yDocToMarkdown(server.hub.liveRoom(docId)?.doc as Y.Doc).includes('- [x]'),
      onDocUpdates(server.hub.liveRoom(docId)?.doc as Y.Doc),
      5000,
      'the edits to reach the server',
    );

    expect((await docCall(server, other, 'POST', `${docId}/template`, { name: 'x' })).status).toBe(
      404,
    );
    expect((await docCall(server, owner, 'POST', `${docId}/template`, { name: '' })).status).toBe(
      400,
    );
    const saved = await docCall(server, owner, 'POST', `${docId}/template`, {
      name: 'Payments review',
    });
    expect(saved.status).toBe(201);
    const template = (saved.body as { template: TemplateJson }).template;
    expect(template).toMatchObject({
      name: 'Payments review',
      builtIn: false,
      createdBy: { name: 'Olivia' },
    });
    expect(template.preview.sections[1]?.title).toBe('Payments System Overview');
    expect(template.preview.checklistItems).toBeGreaterThan(50);
    expect(template.preview.excerpt).not.toContain('- [x]');

    const listed = (await apiCall(server, other, 'GET', 'templates')).body as {
      templates: TemplateJson[];
    };
    expect(listed.templates.map((t) => [t.name, t.builtIn])).toEqual([
      ['Technical Architecture Framework', true],
      ['Payments review', false],
    ]);
    const fromSaved = await docCall(server, other, 'POST', '', {
      template: template.id,
      title: 'Refunds',
    });
    expect(fromSaved.status).toBe(201);
    const content = (await docCall(server, other, 'GET', (fromSaved.body as { id: string }).id))
      .body as {
      title: string;
    };
    expect(content.title).toBe('Refunds');
    const unknown = await docCall(server, other, 'POST', '', { template: 'no-such' });
    expect(unknown.status).toBe(400);

    expect((await apiCall(server, other, 'DELETE', `templates/${template.id}`)).status).toBe(403);
    expect((await apiCall(server, admin, 'DELETE', `templates/${template.id}`)).status).toBe(204);
    expect((await apiCall(server, owner, 'DELETE', `templates/${template.id}`)).status).toBe(404);
  });

  it("[AD8] a fresh install offers Ratify's own architecture (docs/architecture.md) as a demo document, named after its heading", async () => {
    const server = await startServer();
    const someone = await signUp(server, 'Sam');
    const file = readFileSync(
      fileURLToPath(new URL('../../../docs/architecture.md', import.meta.url)),
      'utf8',
    );
    const created = await docCall(server, someone, 'POST', '', { example: 'ratify-architecture' });
    expect(created.status).toBe(201);
    const { id, title, role } = created.body as { id: string; title: string; role: string };
    expect(title).toBe('Ratify: Technical Architecture Framework');
    expect(role).toBe('owner');
    const exported = await authedFetch(someone, `${server.url}/api/docs/${id}/export.md`);
    expect(await exported.text()).toBe(docToMarkdown(markdownToDoc(file)));
    const named = await docCall(server, someone, 'POST', '', {
      example: 'ratify-architecture',
      title: 'Our copy',
    });
    expect((named.body as { title: string }).title).toBe('Our copy');

    const before = (await docCall(server, someone, 'GET', '')).body as { docs: unknown[] };
    for (const bad of [
      { example: 'no-such-example' },
      { example: 'ratify-architecture', template: 'technical-architecture-framework' },
      { example: 'ratify-architecture', markdown: '# Mine\n' },
    ]) {
      const refused = await docCall(server, someone, 'POST', '', bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect((refused.body as { error: { message: string } }).error.message).toMatch(
        /example|at most one/,
      );
    }
    const after = (await docCall(server, someone, 'GET', '')).body as { docs: unknown[] };
    expect(after.docs.length).toBe(before.docs.length);
  });
});
