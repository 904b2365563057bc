import { CloseCode, contentFragment, MessageType, type Role, yDocToMarkdown } from '@ratify/schema';
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { roleGuard } from '../src/auth/guard.js';
import { encodeSyncStep1, encodeSyncStep2FromUpdate, encodeUpdate } from '../src/sync/protocol.js';
import {
  connectProvider,
  createDoc,
  metricValue,
  newMember,
  openRaw,
  type RawClient,
  startServer,
  step2Update,
  type TestServer,
  until,
  untilMetric,
  untilStored,
  whenSynced,
} from './helpers.js';

/**
 * The permission guard against raw y-protocols clients (no web app): every forbidden action is
 * refused whole, and nothing of it lands in the server's memory, its storage or at other
 * clients. These servers run the production guard, whose only writable roots are the
 * document's content and its title.
 */

const MARKDOWN = '# Payments review\n\n## Context\n\nThe ledger.\n\n## Decision\n\nUse queues.\n';

interface Scene {
  server: TestServer;
  docId: string;
  /** An owner's provider that watches what other clients receive. */
  watcher: ReturnType<typeof connectProvider>;
  /** The document as Markdown before anyone tried anything. */
  before: string;
}

async function scene(): Promise<Scene> {
  const server = await startServer({}, { guard: roleGuard() });
  const docId = await createDoc(server, { markdown: MARKDOWN });
  const watcher = connectProvider(server.syncUrl, docId);
  await whenSynced(watcher);
  return { server, docId, watcher, before: yDocToMarkdown(watcher.doc) };
}

/** A raw client of `role` that has the document (its step 1 answered). */
async function rawAs(s: Scene, role: Role): Promise<{ raw: RawClient; replica: Y.Doc }> {
  const member = await newMember(s.server, s.docId, role);
  const raw = await openRaw(`${s.server.syncUrl}/${s.docId}?token=${member.docToken}`);
  raw.send(encodeSyncStep1(new Y.Doc()));
  const frame = await raw.nextFrame(
    (f) => f[0] === MessageType.sync && f[1] === 1,
    5000,
    'the server to answer step 1',
  );
  const replica = new Y.Doc();
  Y.applyUpdate(replica, step2Update(frame));
  return { raw, replica };
}

/** What `change` does to `replica`, as one update. */
function changeOf(replica: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(replica);
  change(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

const appendParagraph = (doc: Y.Doc, text: string) => {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  contentFragment(doc).push([p]);
};

/** The refusal: y-protocols' permission-denied message, then a close with 4403. */
async function expectRefused(raw: RawClient, reason: RegExp): Promise<void> {
  const denied = await raw.nextFrame(
    (f) => f[0] === MessageType.auth,
    5000,
    'the permission-denied message',
  );
  const decoder = decoding.createDecoder(denied);
  decoding.readVarUint(decoder);
  expect(decoding.readVarUint(decoder)).toBe(0); // permission denied
  expect(decoding.readVarString(decoder)).toMatch(reason);
  const closed = await raw.waitClosed();
  expect(closed.code).toBe(CloseCode.forbidden);
  expect(closed.reason).toMatch(reason);
}

/** The document as storage holds it. */
async function storedMarkdown(s: Scene): Promise<string> {
  const stored = await s.server.storage.load(s.docId);
  const reloaded = new Y.Doc();
  if (stored?.snapshot) Y.applyUpdate(reloaded, stored.snapshot);
  for (const u of stored?.updates ?? []) Y.applyUpdate(reloaded, u);
  return yDocToMarkdown(reloaded);
}

/** Nothing changed anywhere: memory, storage (after a reload) and the other client. */
async function expectUnchanged(s: Scene): Promise<void> {
  const room = s.server.hub.liveRoom(s.docId);
  expect(room && yDocToMarkdown(room.doc)).toBe(s.before);
  expect(yDocToMarkdown(s.watcher.doc)).toBe(s.before);
  expect(await storedMarkdown(s)).toBe(s.before);
}

describe('permissions on every update', () => {
  it('[PM5] a viewer inserting text is refused whole: not applied, stored or broadcast; the refusal is counted and audited', async () => {
    const s = await scene();
    const { raw, replica } = await rawAs(s, 'viewer');
    raw.send(encodeUpdate(changeOf(replica, (d) => appendParagraph(d, 'sneaked in'))));
    await expectRefused(raw, /a viewer may not change the document/);
    await expectUnchanged(s);
    await untilMetric(s.server, 'ratify_rejected_messages_total{reason="forbidden"}', 1);
    await s.server.audit.flush();
    const refusals = await s.server.accounts.listAudit(s.docId, {
      limit: 10,
      actions: ['update_refused'],
    });
    expect(refusals).toMatchObject([
      { action: 'update_refused', detail: { role: 'viewer', reason: /may not change/ } },
    ]);
    // The server is healthy: an editor still edits, and everyone sees it.
    const { raw: editor, replica: editorReplica } = await rawAs(s, 'editor');
    editor.send(encodeUpdate(changeOf(editorReplica, (d) => appendParagraph(d, 'by an editor'))));
    await until(
      () => yDocToMarkdown(s.watcher.doc).includes('by an editor'),
      (notify) => {
        s.watcher.doc.on('update', notify);
        return () => s.watcher.doc.off('update', notify);
      },
      5000,
      "the editor's change to reach the watcher",
    );
  });

  it('[PM6] a commenter deleting a section is refused', async () => {
    const s = await scene();
    const { raw, replica } = await rawAs(s, 'commenter');
    raw.send(encodeUpdate(changeOf(replica, (d) => contentFragment(d).delete(1, 2))));
    await expectRefused(raw, /a commenter may not change the document/);
    await expectUnchanged(s);
  });

  it('[PM7] a viewer sync step 2 carrying new content is refused; one with nothing new is accepted and the viewer stays', async () => {
    const s = await scene();
    // What every y-websocket client sends on connect: its state, here nothing new. Accepted.
    const { raw: quiet, replica: quietReplica } = await rawAs(s, 'viewer');
    quiet.send(encodeSyncStep2FromUpdate(Y.encodeStateAsUpdate(quietReplica)));
    // An unmodified provider as a viewer connects, syncs and receives the owner's edits.
    const viewer = await newMember(s.server, s.docId, 'viewer', 'Vic');
    const provider = connectProvider(s.server.syncUrl, s.docId, { token: viewer.docToken });
    await whenSynced(provider);
    appendParagraph(s.watcher.doc, 'from the owner');
    await until(
      () => yDocToMarkdown(provider.doc).includes('from the owner'),
      (notify) => {
        provider.doc.on('update', notify);
        return () => provider.doc.off('update', notify);
      },
      5000,
      'the viewer to receive the edit',
    );
    expect(provider.provider.wsconnected).toBe(true);
    expect(quiet.ws.readyState).toBe(quiet.ws.OPEN);

    const { raw, replica } = await rawAs(s, 'viewer');
    appendParagraph(replica, 'offline work');
    raw.send(encodeSyncStep2FromUpdate(Y.encodeStateAsUpdate(replica)));
    await expectRefused(raw, /a viewer may not change the document/);
    const room = s.server.hub.liveRoom(s.docId);
    expect(room && yDocToMarkdown(room.doc)).not.toContain('offline work');
    expect(yDocToMarkdown(provider.doc)).not.toContain('offline work');
    // Only what the owner typed was stored.
    await untilStored(
      s.server,
      s.docId,
      (stored) => (stored?.updates.length ?? 0) > 0,
      "the owner's edit to be stored",
    );
    const stored = await storedMarkdown(s);
    expect(stored).toContain('from the owner');
    expect(stored).not.toContain('offline work');
  });

  it('[PM8] an editor creating a new root is refused whole, also when the update mixes in an allowed change', async () => {
    const s = await scene();
    const { raw, replica } = await rawAs(s, 'editor');
    raw.send(
      encodeUpdate(changeOf(replica, (d) => d.getMap('signoffs').set('context', 'approved'))),
    );
    await expectRefused(raw, /outside the document \("signoffs"\)/);

    const second = await rawAs(s, 'editor');
    const mixed = changeOf(second.replica, (d) => {
      appendParagraph(d, 'allowed part');
      d.getArray('comments').push(['forged comment']);
    });
    second.raw.send(encodeUpdate(mixed));
    await expectRefused(second.raw, /outside the document \("comments"\)/);
    await expectUnchanged(s);
    expect(s.watcher.doc.share.has('comments')).toBe(false);
    expect(await metricValue(s.server, 'ratify_rejected_messages_total{reason="forbidden"}')).toBe(
      2,
    );
  });

  it('[PM9] what each role may do still works: editors and owners edit content and the title', async () => {
    const s = await scene();
    for (const role of ['editor', 'owner'] as const) {
      const { raw, replica } = await rawAs(s, role);
      raw.send(encodeUpdate(changeOf(replica, (d) => appendParagraph(d, `by the ${role}`))));
      raw.send(encodeUpdate(changeOf(replica, (d) => d.getMap('meta').set('title', role))));
      await until(
        () => yDocToMarkdown(s.watcher.doc).includes(`by the ${role}`),
        (notify) => {
          s.watcher.doc.on('update', notify);
          return () => s.watcher.doc.off('update', notify);
        },
        5000,
        `the ${role}'s edit to arrive`,
      );
      expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    }
    await untilStored(
      s.server,
      s.docId,
      (stored) => (stored?.updates.length ?? 0) >= 4,
      'every allowed change to be stored',
    );
  });
});
