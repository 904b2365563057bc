import { contentFragment, MessageType, type SignoffRecord, yDocToMarkdown } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SqliteStorage } from '../src/storage/sqlite.js';
import { encodeUpdate } from '../src/sync/protocol.js';
import {
  authedFetch,
  connectProvider,
  createDoc,
  docOwner,
  newMember,
  onTick,
  openRaw,
  reviewEvents,
  startServer,
  type TestAccount,
  type TestServer,
  until,
  whenSynced,
} from './helpers.js';

const MARKDOWN = '# Payments review\n\n## Context\n\nThe ledger.\n\n## Decision\n\nUse queues.\n';

interface SectionView {
  id: string;
  title: string;
  contentHash: string;
  reviewers: string[];
  signoffs: Array<{
    signer: string;
    verdict: string;
    state: 'current' | 'stale';
    seq: number;
    changes: Array<{ kind: string; text: string }> | null;
  }>;
}

async function sectionsOf(server: TestServer, account: TestAccount, docId: string) {
  const res = await authedFetch(account, `${server.url}/api/docs/${docId}/sections`);
  return ((await res.json()) as { sections: SectionView[] }).sections;
}

async function post(server: TestServer, account: TestAccount, docId: string, body: unknown) {
  const res = await authedFetch(account, `${server.url}/api/docs/${docId}/signoffs`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function scene() {
  const server = await startServer();
  const owner = await docOwner(server);
  const docId = await createDoc(server, { markdown: MARKDOWN });
  const ada = await newMember(server, docId, 'editor', 'Ada');
  const bob = await newMember(server, docId, 'commenter', 'Bob');
  const cy = await newMember(server, docId, 'editor', 'Cy');
  const put = await authedFetch(owner, `${server.url}/api/docs/${docId}/reviewers`, {
    method: 'PUT',
    body: JSON.stringify({ document: [ada.id, bob.id], sections: {} }),
  });
  expect(put.status).toBe(200);
  const sections = await sectionsOf(server, owner, docId);
  const context = sections.find((s) => s.title === 'Context') as SectionView;
  return { server, owner, docId, ada, bob, cy, sections, context };
}

describe('sign-off', () => {
  it('[SO3] refuses a non-reviewer, an absent reviewer and a stale hash; nothing is stored or pushed', async () => {
    const { server, docId, ada, bob, cy, context } = await scene();
    const watcher = connectProvider(server.syncUrl, docId, { review: '1' });
    await whenSynced(watcher);
    const pushed = reviewEvents(watcher);
    // Cy is present but no reviewer.
    const cyClient = connectProvider(server.syncUrl, docId, { token: cy.docToken });
    await whenSynced(cyClient);
    const approve = { sectionId: context.id, verdict: 'approve', contentHash: context.contentHash };
    expect(await post(server, cy, docId, approve)).toMatchObject({
      status: 403,
      body: { error: { code: 'not_a_reviewer' } },
    });
    // Bob is a reviewer with no live connection.
    expect(await post(server, bob, docId, approve)).toMatchObject({
      status: 409,
      body: { error: { code: 'not_present' } },
    });
    // Ada is present but signs text that is not the current one.
    const adaClient = connectProvider(server.syncUrl, docId, { token: ada.docToken });
    await whenSynced(adaClient);
    expect(
      await post(server, ada, docId, { ...approve, contentHash: 'f'.repeat(64) }),
    ).toMatchObject({ status: 409, body: { error: { code: 'stale_content' } } });
    expect(
      await post(server, ada, docId, { ...approve, sectionId: 'no-such-section' }),
    ).toMatchObject({ status: 404, body: { error: { code: 'section_not_found' } } });
    expect(await post(server, ada, docId, { ...approve, verdict: 'maybe' })).toMatchObject({
      status: 400,
    });
    expect(await server.reviews.listSignoffs(docId)).toEqual([]);
    // A valid sign-off afterwards is the first and only thing pushed (so the refusals pushed
    // nothing, not merely nothing yet).
    expect((await post(server, ada, docId, approve)).status).toBe(201);
    await until(() => pushed.length > 0, onTick(), 5000, 'the valid sign-off to be pushed');
    expect(pushed).toMatchObject([{ kind: 'signoffs', records: [{ seq: 1, signerId: ada.id }] }]);
  });

  it('[SO4] a valid sign-off reaches every client at once; an edit makes it stale everywhere, reverting makes it current', async () => {
    const { server, owner, docId, ada, context } = await scene();
    const adaClient = connectProvider(server.syncUrl, docId, { token: ada.docToken, review: '1' });
    const watcher = connectProvider(server.syncUrl, docId, { review: '1' });
    await Promise.all([whenSynced(adaClient), whenSynced(watcher)]);
    const pushed = reviewEvents(watcher);
    const created = await post(server, ada, docId, {
      sectionId: context.id,
      verdict: 'approve',
      contentHash: context.contentHash,
    });
    expect(created.status).toBe(201);
    const [record] = created.body.records as SignoffRecord[];
    expect(record).toMatchObject({ seq: 1, signerId: ada.id, sectionId: context.id });
    await until(() => pushed.length > 0, onTick(), 5000, 'the sign-off to be pushed');
    expect(pushed).toEqual([{ kind: 'signoffs', records: [record] }]);
    const state = async () =>
      (await sectionsOf(server, owner, docId)).find((s) => s.id === context.id)?.signoffs;
    expect(await state()).toMatchObject([{ signer: ada.id, verdict: 'approve', state: 'current' }]);

    // An editor changes the section: the sign-off is stale, for everyone asking.
    const paragraph = contentFragment(watcher.doc).get(2) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    text.insert(0, 'Not ');
    let seen = await state();
    await until(
      () => seen?.[0]?.state === 'stale',
      (notify) =>
        onTick(20)(async () => {
          seen = await state();
          notify();
        }),
      5000,
      'the sign-off to go stale',
    );
    // What changed since it was signed, line by line.
    expect(seen?.[0]?.changes).toEqual([
      { kind: 'same', text: '## Context' },
      { kind: 'removed', text: 'The ledger.' },
      { kind: 'added', text: 'Not The ledger.' },
    ]);
    // Reverting the text makes it current again: the hash matches what was signed.
    text.delete(0, 4);
    await until(
      () => seen?.[0]?.state === 'current',
      (notify) =>
        onTick(20)(async () => {
          seen = await state();
          notify();
        }),
      5000,
      'the sign-off to be current again',
    );
  });

  it('[SO5] two reviewers approving at the same instant get two chained records, never a fork; approving everything is one call', async () => {
    const { server, owner, docId, ada, bob, sections } = await scene();
    const clients = [ada, bob].map((m) =>
      connectProvider(server.syncUrl, docId, { token: m.docToken }),
    );
    await Promise.all(clients.map((c) => whenSynced(c)));
    const all = sections.map((s) => ({ sectionId: s.id, contentHash: s.contentHash }));
    const [a, b] = await Promise.all([
      post(server, ada, docId, { verdict: 'approve', sections: all }),
      post(server, bob, docId, { verdict: 'approve', sections: all }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const records = await server.reviews.listSignoffs(docId);
    expect(records.map((r) => r.seq)).toEqual(
      Array.from({ length: all.length * 2 }, (_, i) => i + 1),
    );
    const verify = await authedFetch(owner, `${server.url}/api/docs/${docId}/signoffs/verify`);
    expect(await verify.json()).toEqual({
      ok: true,
      length: all.length * 2,
      head: records.at(-1)?.hash,
    });
  });

  it('[SO6] no client can write, change or delete a record: a forged websocket write is refused, and a tampered row is found by verify', async () => {
    const { server, owner, docId, ada, context } = await scene();
    const adaClient = connectProvider(server.syncUrl, docId, { token: ada.docToken });
    await whenSynced(adaClient);
    const requested = await post(server, ada, docId, {
      sectionId: context.id,
      verdict: 'changes_requested',
      contentHash: context.contentHash,
      comment: 'Name the ledger.',
    });
    // Requesting changes with a comment opens a thread on the section, by the signer.
    expect(requested.body.threads).toMatchObject([
      { sectionId: context.id, authorId: ada.id, comments: [{ body: 'Name the ledger.' }] },
    ]);
    // A client sending a review frame of its own, or writing sign-offs into the document.
    const raw = await openRaw(`${server.syncUrl}/${docId}`);
    raw.send(new Uint8Array([MessageType.review, 2, 0x7b, 0x7d]));
    expect((await raw.waitClosed()).code).toBe(4400);
    const forged = await openRaw(`${server.syncUrl}/${docId}?token=${ada.docToken}`);
    const doc = new Y.Doc();
    doc.getArray('signoffs').push([{ verdict: 'approve', signer: ada.id }]);
    forged.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
    expect((await forged.waitClosed()).code).toBe(4403);
    // No REST route changes or deletes a record.
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      const res = await authedFetch(owner, `${server.url}/api/docs/${docId}/signoffs`, { method });
      expect(res.status, method).toBe(404);
    }
    expect((await server.reviews.listSignoffs(docId)).length).toBe(1);

    // Someone with database access flips the verdict: verify names the record.
    (server.storage as SqliteStorage).database
      .prepare("UPDATE signoffs SET verdict = 'approve' WHERE doc_id = ? AND seq = 1")
      .run(docId);
    const verify = await authedFetch(owner, `${server.url}/api/docs/${docId}/signoffs/verify`);
    expect(await verify.json()).toMatchObject({ ok: false, seq: 1, problem: /changed/ });
  });

  it('[SO7] a sign-off round records who was present, and the records given during it', async () => {
    const { server, owner, docId, ada, bob, context } = await scene();
    const adaClient = connectProvider(server.syncUrl, docId, { token: ada.docToken });
    const watcher = connectProvider(server.syncUrl, docId, { review: '1' });
    await Promise.all([whenSynced(adaClient), whenSynced(watcher)]);
    const pushed = reviewEvents(watcher);
    const started = await authedFetch(owner, `${server.url}/api/docs/${docId}/rounds`, {
      method: 'POST',
    });
    expect(started.status).toBe(201);
    const { round } = (await started.json()) as { round: { id: string; attendees: string[] } };
    expect(round.attendees.sort()).toEqual([ada.id, owner.id].sort());
    const current = await authedFetch(ada, `${server.url}/api/docs/${docId}/rounds/current`);
    expect(((await current.json()) as { round: { id: string } | null }).round?.id).toBe(round.id);
    const again = await authedFetch(owner, `${server.url}/api/docs/${docId}/rounds`, {
      method: 'POST',
    });
    expect(again.status).toBe(409);
    // Bob joins during the round: he attended.
    const bobClient = connectProvider(server.syncUrl, docId, { token: bob.docToken });
    await whenSynced(bobClient);
    const signed = await post(server, ada, docId, {
      sectionId: context.id,
      verdict: 'approve',
      contentHash: context.contentHash,
    });
    expect((signed.body.records as SignoffRecord[])[0]?.roundId).toBe(round.id);
    let attendees: string[] = [];
    await until(
      () => attendees.includes(bob.id),
      (notify) =>
        onTick(20)(async () => {
          attendees = (await server.reviews.currentRound(docId))?.attendees ?? [];
          notify();
        }),
      5000,
      "Bob's attendance to be noted",
    );
    const ended = await authedFetch(owner, `${server.url}/api/docs/${docId}/rounds/current`, {
      method: 'DELETE',
    });
    expect(ended.status).toBe(204);
    expect(await server.reviews.currentRound(docId)).toBeNull();
    const editorTries = await authedFetch(ada, `${server.url}/api/docs/${docId}/rounds`, {
      method: 'POST',
    });
    expect(editorTries.status).toBe(403);
    await until(
      () => pushed.filter((e) => e.kind === 'round').length >= 2,
      onTick(),
      5000,
      'the round to be pushed as started and ended',
    );
    expect(pushed.filter((e) => e.kind === 'round').at(-1)).toEqual({ kind: 'round', round: null });
  });

  it('[SO9] when every required reviewer approved every section, the document is Approved and the server writes the change-log row everyone sees', async () => {
    const server = await startServer();
    const owner = await docOwner(server);
    const docId = await createDoc(server, { template: 'technical-architecture-framework' });
    const ada = await newMember(server, docId, 'editor', 'Ada');
    const bob = await newMember(server, docId, 'commenter', 'Bob');
    await authedFetch(owner, `${server.url}/api/docs/${docId}/reviewers`, {
      method: 'PUT',
      body: JSON.stringify({ document: [ada.id, bob.id], sections: {} }),
    });
    const clients = [ada, bob].map((m) =>
      connectProvider(server.syncUrl, docId, { token: m.docToken }),
    );
    const watcher = connectProvider(server.syncUrl, docId, { review: '1' });
    await Promise.all([...clients, watcher].map((c) => whenSynced(c)));
    const pushed = reviewEvents(watcher);
    const approval = async () =>
      (await (await authedFetch(owner, `${server.url}/api/docs/${docId}/approval`)).json()) as {
        state: string;
        current: { version: string; approvers: string[]; summary: string } | null;
        history: unknown[];
      };
    expect((await approval()).state).toBe('in_review');
    const all = (await sectionsOf(server, owner, docId)).map((s) => ({
      sectionId: s.id,
      contentHash: s.contentHash,
    }));
    expect((await post(server, ada, docId, { verdict: 'approve', sections: all })).status).toBe(
      201,
    );
    expect((await approval()).state).toBe('in_review');
    expect((await post(server, bob, docId, { verdict: 'approve', sections: all })).status).toBe(
      201,
    );

    // Everyone's copy gets the row the server wrote, and the approval is pushed.
    const row =
      /\|\s*\d{4}-\d{2}-\d{2}\s*\|\s*1\.0\s*\|\s*First approval\s*\|\s*(Ada, Bob|Bob, Ada)\s*\|/;
    await until(
      () =>
        row.test(yDocToMarkdown(watcher.doc)) &&
        clients.every((c) => row.test(yDocToMarkdown(c.doc))),
      (notify) => {
        for (const c of [...clients, watcher]) c.doc.on('update', notify);
        return () => {
          for (const c of [...clients, watcher]) c.doc.off('update', notify);
        };
      },
      5000,
      'the change-log row to reach every client',
    );
    await until(
      () => pushed.some((e) => e.kind === 'approval'),
      onTick(),
      5000,
      'the approval to be pushed',
    );
    const approved = await approval();
    expect(approved).toMatchObject({
      state: 'approved',
      current: { version: '1.0', summary: 'First approval' },
    });
    // The row is not content: the sign-offs stay current. What was approved is kept.
    expect(
      (await sectionsOf(server, owner, docId)).every((s) =>
        s.signoffs.every((o) => o.state === 'current'),
      ),
    ).toBe(true);
    const [kept] = await server.reviews.listApprovals(docId);
    expect(kept?.markdown).not.toMatch(row);
    // And the row is durable: it is in storage, like any edit.
    const stored = await server.storage.load(docId);
    const reloaded = new Y.Doc();
    if (stored?.snapshot) Y.applyUpdate(reloaded, stored.snapshot);
    for (const u of stored?.updates ?? []) Y.applyUpdate(reloaded, u);
    expect(yDocToMarkdown(reloaded)).toMatch(row);

    // A later change to an approved section: back to In review; the row stays.
    const fragment = contentFragment(watcher.doc);
    const heading = fragment
      .toArray()
      .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'heading')
      .find((n) => Number(n.getAttribute('level')) !== 1 && n.length > 0) as Y.XmlElement;
    (heading.get(0) as Y.XmlText).insert(0, 'Edited: ');
    let state = (await approval()).state;
    await until(
      () => state === 'in_review',
      (notify) =>
        onTick(20)(async () => {
          state = (await approval()).state;
          notify();
        }),
      5000,
      'the document to be back in review',
    );
    expect(yDocToMarkdown(watcher.doc)).toMatch(row);
    expect((await approval()).history.length).toBe(1);
  });
});
