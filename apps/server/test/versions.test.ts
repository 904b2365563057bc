// Version history: automatic versions after editing settles, by hand, at every approval; a
// section-by-section diff between any two; restore as a forward change everyone converges to.
import { contentFragment, yDocToMarkdown } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { VersionMeta } from '../src/storage/versions.js';
import {
  authedFetch,
  connectProvider,
  createDoc,
  docOwner,
  newMember,
  onDocUpdates,
  onTick,
  startServer,
  type TestAccount,
  type TestServer,
  until,
  whenSynced,
} from './helpers.js';

const MARKDOWN = `# Payments review

## Context

The ledger keeps every payment.

## Decision

- [ ] Load balancing
- Framework: React
`;

async function call(
  server: TestServer,
  who: TestAccount,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await authedFetch(who, `${server.url}/api/docs/${path}`, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: res.status, body: json };
}

/** The Context paragraph's text in a client's copy. */
function paragraph(doc: Y.Doc): Y.XmlText {
  const blocks = contentFragment(doc).toArray() as Y.XmlElement[];
  const at = blocks.findIndex((b) => b.nodeName === 'paragraph' && b.toString().includes('ledger'));
  return (blocks[at] as Y.XmlElement).get(0) as Y.XmlText;
}

async function untilVersions(
  server: TestServer,
  docId: string,
  check: (v: VersionMeta[]) => boolean,
  what: string,
) {
  let versions: VersionMeta[] = [];
  await until(
    () => check(versions),
    (notify) =>
      onTick(20)(async () => {
        versions = await server.versions.listVersions(docId);
        notify();
      }),
    5000,
    what,
  );
  return versions;
}

async function scene(versions = { idleMs: 150, maxMs: 60_000 }) {
  const server = await startServer({ versions });
  const owner = await docOwner(server);
  const docId = await createDoc(server, { markdown: MARKDOWN });
  const ada = await newMember(server, docId, 'editor', 'Ada');
  const bob = await newMember(server, docId, 'commenter', 'Bob');
  const writer = connectProvider(server.syncUrl, docId, { token: ada.docToken });
  await whenSynced(writer);
  return { server, owner, docId, ada, bob, writer };
}

describe('version history', () => {
  it('[VH1] a version is taken once editing settles, with who edited since the last one and the sign-off state; one also comes while editing goes on', async () => {
    const { server, docId, ada, writer } = await scene();
    paragraph(writer.doc).insert(0, 'Edited: ');
    const [first] = await untilVersions(
      server,
      docId,
      (v) => v.length === 1,
      'the automatic version',
    );
    expect(first).toMatchObject({
      n: 1,
      kind: 'auto',
      name: null,
      createdBy: null,
      contributors: [ada.id],
    });
    expect(first?.signoffs.state).toBe('no_reviewers');
    expect(first?.signoffs.sections.map((s) => s.title)).toEqual([
      'Payments review',
      'Context',
      'Decision',
    ]);
    const stored = await server.versions.getVersion(docId, 1);
    expect(stored?.markdown).toBe(yDocToMarkdown(writer.doc));

    // Typing that never pauses long enough still gets a version every maxMs.
    const busy = await scene({ idleMs: 400, maxMs: 300 });
    let typing = true;
    const typist = (async () => {
      for (let i = 0; typing && i < 200; i++) {
        paragraph(busy.writer.doc).insert(0, 'x');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await untilVersions(
      busy.server,
      busy.docId,
      (v) => v.length >= 1,
      'a version while typing goes on',
    );
    typing = false;
    await typist;
  });

  it('[VH2] versions by hand: editors and owners name one, commenters may not; each can be read and exported as it was', async () => {
    const { server, owner, docId, ada, bob, writer } = await scene({
      idleMs: 60_000,
      maxMs: 60_000,
    });
    expect((await call(server, bob, 'POST', `${docId}/versions`, { name: 'Bob’s' })).status).toBe(
      403,
    );
    expect((await call(server, ada, 'POST', `${docId}/versions`, { name: ' ' })).status).toBe(400);
    const taken = await call(server, ada, 'POST', `${docId}/versions`, {
      name: 'Before the meeting',
    });
    expect(taken.status).toBe(201);
    expect(taken.body.version).toMatchObject({
      n: 1,
      name: 'Before the meeting',
      kind: 'manual',
      createdBy: { id: ada.id, name: 'Ada' },
    });
    const markdownThen = yDocToMarkdown(writer.doc);
    paragraph(writer.doc).insert(0, 'Later: ');
    await until(
      () =>
        server.hub.liveRoom(docId)?.doc !== undefined &&
        yDocToMarkdown(server.hub.liveRoom(docId)?.doc as Y.Doc).includes('Later: '),
      onTick(),
      5000,
      'the edit to reach the server',
    );
    const list = await call(server, bob, 'GET', `${docId}/versions`);
    expect((list.body.versions as Array<{ name: string }>).map((v) => v.name)).toEqual([
      'Before the meeting',
    ]);
    const read = await call(server, bob, 'GET', `${docId}/versions/1`);
    expect(read.body.markdown).toBe(markdownThen);
    const exported = await authedFetch(
      owner,
      `${server.url}/api/docs/${docId}/versions/1/export.md`,
    );
    expect(exported.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(await exported.text()).toBe(markdownThen);
    expect((await call(server, bob, 'GET', `${docId}/versions/7`)).status).toBe(404);
    expect((await call(server, bob, 'GET', `${docId}/versions/x`)).status).toBe(400);
  });

  it('[VH3] the diff between a version and now is section by section, word by word, with checklist ticks and fields shown as such', async () => {
    const { server, docId, bob, ada, writer } = await scene({ idleMs: 60_000, maxMs: 60_000 });
    await call(server, ada, 'POST', `${docId}/versions`, { name: 'v1' });
    paragraph(writer.doc).delete(
      paragraph(writer.doc).length - 'payment.'.length,
      'payment.'.length,
    );
    paragraph(writer.doc).insert(paragraph(writer.doc).length, 'refund.');
    const blocks = contentFragment(writer.doc).toArray() as Y.XmlElement[];
    const checklist = blocks.find((b) => b.nodeName === 'checklist') as Y.XmlElement;
    (checklist.get(0) as Y.XmlElement).setAttribute('state', 'done');
    await until(
      () =>
        yDocToMarkdown(server.hub.liveRoom(docId)?.doc as Y.Doc).includes('- [x] Load balancing'),
      onTick(),
      5000,
      'the edits to reach the server',
    );
    const diff = await call(server, bob, 'GET', `${docId}/diff?from=1&to=current`);
    expect(diff.status).toBe(200);
    expect(diff.body.summary).toEqual({ added: 0, removed: 0, changed: 2, moved: 0 });
    const sections = diff.body.sections as Array<{
      title: string;
      status: string;
      words: Array<{ kind: string; text: string }>;
      items: unknown[];
    }>;
    const context = sections.find((s) => s.title === 'Context');
    expect(context?.words.filter((w) => w.kind !== 'same')).toEqual([
      { kind: 'removed', text: 'payment' },
      { kind: 'added', text: 'refund' },
    ]);
    expect(sections.find((s) => s.title === 'Decision')?.items).toEqual([
      { kind: 'checklist', label: 'Load balancing', from: '☐', to: '☑' },
    ]);
    expect((await call(server, bob, 'GET', `${docId}/diff?from=banana`)).status).toBe(400);
    expect((await call(server, bob, 'GET', `${docId}/diff?from=last-approval`)).status).toBe(404);
  });

  it('[VH4] restore: an owner makes the document what a version was, as a forward change a second window converges to; the states before and after are kept', async () => {
    const { server, owner, docId, ada, writer } = await scene({ idleMs: 60_000, maxMs: 60_000 });
    const watcher = connectProvider(server.syncUrl, docId, { token: ada.docToken });
    await whenSynced(watcher);
    await call(server, ada, 'POST', `${docId}/versions`, { name: 'Good' });
    const good = yDocToMarkdown(writer.doc);
    paragraph(writer.doc).insert(0, 'Mistake: ');
    await until(
      () => yDocToMarkdown(watcher.doc).includes('Mistake: '),
      onDocUpdates(watcher.doc),
      5000,
      'the mistake to reach the watcher',
    );
    expect((await call(server, ada, 'POST', `${docId}/versions/1/restore`)).status).toBe(403);
    const restored = await call(server, owner, 'POST', `${docId}/versions/1/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({
      restored: { n: 1 },
      before: { n: 2, kind: 'auto' },
      after: { n: 3, kind: 'restore', name: 'Restored version 1' },
    });
    await until(
      () => yDocToMarkdown(watcher.doc) === good,
      onDocUpdates(watcher.doc),
      5000,
      'the watcher to converge to the restored version',
    );
    expect(yDocToMarkdown(writer.doc)).toBe(good);
    const before = await server.versions.getVersion(docId, 2);
    expect(before?.markdown).toContain('Mistake: ');
    expect((await call(server, owner, 'POST', `${docId}/versions/9/restore`)).status).toBe(404);
  });

  it('[VH5] every approval is kept as a version named after its change-log version; diffs take it as a side; a restore that changes a signed section makes the sign-off stale', async () => {
    const { server, owner, docId, ada, writer } = await scene({ idleMs: 60_000, maxMs: 60_000 });
    await call(server, owner, 'PUT', `${docId}/reviewers`, { document: [ada.id], sections: {} });
    await call(server, ada, 'POST', `${docId}/versions`, { name: 'Draft' });
    paragraph(writer.doc).insert(0, 'Reviewed: ');
    const sectionsNow = async () =>
      (await call(server, owner, 'GET', `${docId}/sections`)).body.sections as Array<{
        id: string;
        title: string;
        contentHash: string;
        signoffs: Array<{ state: string }>;
      }>;
    let sections = await sectionsNow();
    await until(
      () => yDocToMarkdown(server.hub.liveRoom(docId)?.doc as Y.Doc).includes('Reviewed: '),
      onTick(),
      5000,
      'the edit to reach the server',
    );
    sections = await sectionsNow();
    const signed = await call(server, ada, 'POST', `${docId}/signoffs`, {
      verdict: 'approve',
      sections: sections.map((s) => ({ sectionId: s.id, contentHash: s.contentHash })),
    });
    expect(signed.status).toBe(201);
    const versions = await untilVersions(
      server,
      docId,
      (v) => v.some((x) => x.kind === 'approval'),
      'the approval version',
    );
    expect(versions.find((v) => v.kind === 'approval')).toMatchObject({ n: 2, name: '1.0' });
    expect(versions.find((v) => v.kind === 'approval')?.signoffs.state).toBe('approved');
    const byName = await call(server, owner, 'GET', `${docId}/diff?from=1.0&to=current`);
    expect(byName.body).toMatchObject({ from: '1.0', to: 'current', summary: { changed: 0 } });
    const sinceDraft = await call(server, owner, 'GET', `${docId}/diff?from=1&to=last-approval`);
    expect(
      (sinceDraft.body.sections as Array<{ title: string; status: string }>).find(
        (s) => s.title === 'Context',
      )?.status,
    ).toBe('changed');
    // Back to the draft: Context changes, so Ada's approval of it goes stale.
    expect((await call(server, owner, 'POST', `${docId}/versions/1/restore`)).status).toBe(200);
    await until(
      () => !paragraph(writer.doc).toString().includes('Reviewed: '),
      onDocUpdates(writer.doc),
      5000,
      'the restore to reach the writer',
    );
    sections = await sectionsNow();
    expect(sections.find((s) => s.title === 'Context')?.signoffs.map((x) => x.state)).toEqual([
      'stale',
    ]);
    expect(sections.find((s) => s.title === 'Decision')?.signoffs.map((x) => x.state)).toEqual([
      'current',
    ]);
  });
});
