import {
  type CommentThreadView,
  contentFragment,
  MessageType,
  type ReviewEvent,
} from '@ratify/schema';
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectProvider,
  createDoc,
  docCall,
  docOwner,
  newMember,
  onTick,
  startServer,
  until,
  whenSynced,
} from './helpers.js';

const MARKDOWN =
  '# Payments review\n\n## Context\n\nThe ledger keeps every payment.\n\n## Decision\n\nUse queues.\n';

function headingId(doc: Y.Doc, title: string): string {
  const heading = contentFragment(doc)
    .toArray()
    .find(
      (b) => b instanceof Y.XmlElement && b.nodeName === 'heading' && b.toString().includes(title),
    );
  return (heading as Y.XmlElement).getAttribute('id') as string;
}

function paragraphAfter(doc: Y.Doc, title: string): Y.XmlText {
  const blocks = contentFragment(doc).toArray() as Y.XmlElement[];
  const at = blocks.findIndex((b) => b.nodeName === 'heading' && b.toString().includes(title));
  return (blocks[at + 1] as Y.XmlElement).get(0) as Y.XmlText;
}

/** An anchor over `quote` in `text`, as the web client builds one. */
function anchorFor(text: Y.XmlText, quote: string) {
  const from = text.toString().indexOf(quote);
  const encode = (index: number, assoc: number) =>
    Buffer.from(
      Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index, assoc)),
    ).toString('base64');
  return { start: encode(from, 0), end: encode(from + quote.length, -1), quote };
}

const call = docCall;

async function scene() {
  const server = await startServer();
  const owner = await docOwner(server);
  const docId = await createDoc(server, { markdown: MARKDOWN });
  const carol = await newMember(server, docId, 'commenter', 'Carol');
  const dan = await newMember(server, docId, 'commenter', 'Dan');
  const eve = await newMember(server, docId, 'editor', 'Eve');
  const vic = await newMember(server, docId, 'viewer', 'Vic');
  const watcher = connectProvider(server.syncUrl, docId, { review: '1' });
  await whenSynced(watcher);
  const pushed: ReviewEvent[] = [];
  watcher.provider.ws?.addEventListener('message', (event: MessageEvent) => {
    const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
    if (decoding.readVarUint(decoder) === MessageType.review) {
      pushed.push(JSON.parse(decoding.readVarString(decoder)) as ReviewEvent);
    }
  });
  return { server, owner, docId, carol, dan, eve, vic, watcher, pushed };
}

describe('comments', () => {
  it('[CM4] a commenter opens a thread on a range; the author is the signed-in user; it is pushed live; viewers only read', async () => {
    const { server, docId, carol, vic, watcher, pushed } = await scene();
    const context = headingId(watcher.doc, 'Context');
    const anchor = anchorFor(paragraphAfter(watcher.doc, 'Context'), 'ledger');
    const created = await call(server, carol, 'POST', `${docId}/comments`, {
      sectionId: context,
      anchor,
      body: '**Which** ledger? <img src=x onerror=alert(1)>',
    });
    expect(created.status).toBe(201);
    const thread = created.body.thread as CommentThreadView;
    expect(thread).toMatchObject({
      sectionId: context,
      authorId: carol.id,
      anchor: { quote: 'ledger', state: 'attached' },
      detached: false,
      resolvedAt: null,
      comments: [{ authorId: carol.id, body: '**Which** ledger? <img src=x onerror=alert(1)>' }],
    });
    await until(() => pushed.length > 0, onTick(), 5000, 'the thread to be pushed');
    expect(pushed).toEqual([{ kind: 'thread', thread }]);
    // Nobody can claim another author: the body has no such field.
    const forged = await call(server, carol, 'POST', `${docId}/comments`, {
      sectionId: context,
      body: 'as Eve',
      authorId: 'someone-else',
    });
    expect(forged.status).toBe(400);
    // Viewers read threads but cannot comment; a quote that is not in the text is refused.
    expect((await call(server, vic, 'GET', `${docId}/comments`)).body.threads).toHaveLength(1);
    expect(
      (await call(server, vic, 'POST', `${docId}/comments`, { sectionId: context, body: 'hi' }))
        .status,
    ).toBe(403);
    const wrongQuote = await call(server, carol, 'POST', `${docId}/comments`, {
      sectionId: context,
      anchor: { ...anchor, quote: 'legend' },
      body: 'x',
    });
    expect([wrongQuote.status, (wrongQuote.body.error as { code: string }).code]).toEqual([
      422,
      'anchor_mismatch',
    ]);
    // Nothing of this is in the document everyone edits.
    expect([...watcher.doc.share.keys()].sort()).toEqual(['content', 'meta']);
  });

  it('[CM5] replies; authors edit and delete their own comments only; the author, editors and owners resolve and reopen', async () => {
    const { server, docId, carol, dan, eve, watcher } = await scene();
    const context = headingId(watcher.doc, 'Context');
    const created = await call(server, carol, 'POST', `${docId}/comments`, {
      sectionId: context,
      body: 'First',
    });
    const thread = created.body.thread as CommentThreadView;
    const first = thread.comments[0]?.id as string;
    const reply = await call(server, dan, 'POST', `${docId}/comments/${thread.id}/replies`, {
      body: 'A reply',
    });
    expect(reply.status).toBe(201);
    const replyId = (reply.body.thread as CommentThreadView).comments[1]?.id as string;
    expect(
      (
        await call(server, dan, 'PATCH', `${docId}/comments/${thread.id}/${first}`, {
          body: 'mine now',
        })
      ).status,
    ).toBe(403);
    const edited = await call(server, carol, 'PATCH', `${docId}/comments/${thread.id}/${first}`, {
      body: 'First, edited',
    });
    expect((edited.body.thread as CommentThreadView).comments[0]).toMatchObject({
      body: 'First, edited',
      editedAt: expect.any(String),
    });
    const deleted = await call(server, dan, 'DELETE', `${docId}/comments/${thread.id}/${replyId}`);
    expect((deleted.body.thread as CommentThreadView).comments[1]).toMatchObject({
      body: '',
      deleted: true,
    });
    expect(
      (
        await call(server, dan, 'PATCH', `${docId}/comments/${thread.id}/${replyId}`, {
          body: 'back',
        })
      ).status,
    ).toBe(409);
    // Dan is a commenter but not the thread's author: he may not resolve it. Carol and Eve may.
    expect((await call(server, dan, 'POST', `${docId}/comments/${thread.id}/resolve`)).status).toBe(
      403,
    );
    const resolved = await call(server, carol, 'POST', `${docId}/comments/${thread.id}/resolve`);
    expect(resolved.body.thread).toMatchObject({
      resolvedBy: carol.id,
      resolvedAt: expect.any(String),
    });
    const reopened = await call(server, eve, 'POST', `${docId}/comments/${thread.id}/reopen`);
    expect(reopened.body.thread).toMatchObject({ resolvedBy: null, resolvedAt: null });
    expect(
      (await call(server, carol, 'POST', `${docId}/comments/nope/replies`, { body: 'x' })).status,
    ).toBe(404);
  });

  it('[CM6] a quote that is deleted shows as removed on its section; a thread whose section is deleted is detached, never lost', async () => {
    const { server, owner, docId, carol, watcher } = await scene();
    const context = headingId(watcher.doc, 'Context');
    const decision = headingId(watcher.doc, 'Decision');
    const text = paragraphAfter(watcher.doc, 'Context');
    await call(server, carol, 'POST', `${docId}/comments`, {
      sectionId: context,
      anchor: anchorFor(text, 'ledger'),
      body: 'On the ledger',
    });
    await call(server, carol, 'POST', `${docId}/comments`, {
      sectionId: decision,
      anchor: anchorFor(paragraphAfter(watcher.doc, 'Decision'), 'queues'),
      body: 'On queues',
    });
    const threads = async () =>
      (await call(server, owner, 'GET', `${docId}/comments`)).body.threads as CommentThreadView[];
    // An edit before the quote moves nothing: still attached.
    text.insert(0, 'Today ');
    // Delete "ledger" from the text, and the whole Decision section.
    const at = text.toString().indexOf('ledger');
    text.delete(at, 'ledger'.length);
    const fragment = contentFragment(watcher.doc);
    const blocks = fragment.toArray() as Y.XmlElement[];
    const decisionAt = blocks.findIndex((b) => b.getAttribute('id') === decision);
    fragment.delete(decisionAt, 2);
    let seen: CommentThreadView[] = [];
    await until(
      () => seen.length === 2 && seen.every((t) => t.anchor?.state === 'removed'),
      (notify) =>
        onTick(20)(async () => {
          seen = await threads();
          notify();
        }),
      5000,
      'both anchors to be reported removed',
    );
    const [onLedger, onQueues] = seen as [CommentThreadView, CommentThreadView];
    expect(onLedger).toMatchObject({
      sectionId: context,
      detached: false,
      anchor: { quote: 'ledger' },
    });
    expect(onQueues).toMatchObject({
      sectionId: decision,
      detached: true,
      anchor: { quote: 'queues' },
    });
    expect(onQueues.comments[0]?.body).toBe('On queues');
  });
});
