// In-app notifications: mentions, replies, sign-off requests and approvals, stored until read
// and pushed live over a Server-Sent Events stream; per-user read marks on comment threads.
import {
  mentionToken,
  type NotificationPush,
  type NotificationView,
  type SignoffRecord,
} from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import {
  apiCall,
  authedFetch,
  connectProvider,
  createDoc,
  docOwner,
  newMember,
  onCleanup,
  onTick,
  startServer,
  type TestAccount,
  type TestServer,
  until,
  whenSynced,
} from './helpers.js';

const MARKDOWN =
  '# Payments review\n\n## Context\n\nThe ledger keeps every payment.\n\n## Decision\n\nUse queues.\n';

const call = apiCall;

async function inbox(server: TestServer, account: TestAccount, query = '') {
  const { status, body } = await call(server, account, 'GET', `notifications${query}`);
  expect(status).toBe(200);
  return body as { notifications: NotificationView[]; unread: number };
}

/** Poll the inbox until `check` holds (notifications are stored before the call answers). */
async function untilInbox(
  server: TestServer,
  account: TestAccount,
  check: (box: { notifications: NotificationView[]; unread: number }) => boolean,
  what: string,
) {
  let box = await inbox(server, account);
  await until(
    () => check(box),
    (notify) =>
      onTick(20)(async () => {
        box = await inbox(server, account);
        notify();
      }),
    5000,
    what,
  );
  return box;
}

/** An open notification stream: every push it received, and whether it ended. */
async function openStream(server: TestServer, account: TestAccount) {
  const controller = new AbortController();
  const res = await authedFetch(account, `${server.url}/api/notifications/stream`, {
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const pushes: NotificationPush[] = [];
  const state = { ended: false };
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const line of event.split('\n')) {
            if (line.startsWith('data: '))
              pushes.push(JSON.parse(line.slice(6)) as NotificationPush);
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
    state.ended = true;
  })();
  onCleanup(() => controller.abort());
  return { pushes, state };
}

async function scene() {
  const server = await startServer();
  const owner = await docOwner(server);
  const docId = await createDoc(server, { markdown: MARKDOWN });
  const ada = await newMember(server, docId, 'commenter', 'Ada');
  const bob = await newMember(server, docId, 'editor', 'Bob');
  const vic = await newMember(server, docId, 'viewer', 'Vic');
  const sections = (await call(server, owner, 'GET', `docs/${docId}/sections`)).body
    .sections as Array<{ id: string; title: string; contentHash: string }>;
  const context = sections.find((s) => s.title === 'Context') as (typeof sections)[number];
  return { server, owner, docId, ada, bob, vic, sections, context };
}

describe('notifications', () => {
  it('[NT2] a mention tells the members it names (not the author, not strangers); a reply tells the thread’s other participants; an edit tells only the newly mentioned', async () => {
    const { server, owner, docId, ada, bob, vic, context } = await scene();
    const stranger = await newMember(
      server,
      await createDoc(server, { markdown: '# Other\n' }),
      'editor',
      'Stranger',
    );
    const opened = await call(server, ada, 'POST', `docs/${docId}/comments`, {
      sectionId: context.id,
      body: `${mentionToken('Vic', vic.id)} and ${mentionToken('Stranger', stranger.id)} and ${mentionToken('Me', ada.id)}: is **this** right?`,
    });
    expect(opened.status).toBe(201);
    const threadId = (opened.body.thread as { id: string }).id;
    const vicBox = await inbox(server, vic);
    expect(vicBox.unread).toBe(1);
    expect(vicBox.notifications).toEqual([
      expect.objectContaining({
        kind: 'mention',
        docId,
        docTitle: 'Payments review',
        actorId: ada.id,
        actorName: 'Ada',
        threadId,
        sectionId: context.id,
        text: 'mentioned you on “Context”: @Vic and @Stranger and @Me: is **this** right?',
        readAt: null,
      }),
    ]);
    expect((await inbox(server, stranger)).notifications).toEqual([]);
    expect((await inbox(server, ada)).notifications).toEqual([]);
    expect((await inbox(server, owner)).notifications).toEqual([]);

    // Bob replies: Ada (who opened it) is told; Bob is not.
    const reply = await call(server, bob, 'POST', `docs/${docId}/comments/${threadId}/replies`, {
      body: 'Yes.',
    });
    expect(reply.status).toBe(201);
    expect((await inbox(server, ada)).notifications).toMatchObject([
      { kind: 'reply', actorId: bob.id, threadId, text: 'replied in a thread on “Context”: Yes.' },
    ]);
    expect((await inbox(server, bob)).notifications).toEqual([]);
    // Vic was mentioned but never wrote in it: a reply is not for them.
    expect((await inbox(server, vic)).notifications).toHaveLength(1);

    // Ada replies and mentions Bob: Bob gets one notification (the mention), not two.
    await call(server, ada, 'POST', `docs/${docId}/comments/${threadId}/replies`, {
      body: `${mentionToken('Bob', bob.id)} thanks`,
    });
    expect((await inbox(server, bob)).notifications.map((n) => n.kind)).toEqual(['mention']);

    // Ada edits her first comment to mention the owner too: only the owner is newly told.
    const firstId = (opened.body.thread as { comments: Array<{ id: string }> }).comments[0]?.id;
    const edited = await call(
      server,
      ada,
      'PATCH',
      `docs/${docId}/comments/${threadId}/${firstId}`,
      {
        body: `${mentionToken('Vic', vic.id)} ${mentionToken('Owner', owner.id)} is this right?`,
      },
    );
    expect(edited.status).toBe(200);
    expect((await inbox(server, owner)).notifications.map((n) => n.kind)).toEqual(['mention']);
    expect((await inbox(server, vic)).notifications).toHaveLength(1);
  });

  it('[NT3] the stream pushes new notifications and read changes live; nobody reads another’s; it ends with the sign-in', async () => {
    const { server, docId, ada, vic, context } = await scene();
    const stream = await openStream(server, vic);
    const second = await openStream(server, vic);
    await until(
      () => stream.pushes.length > 0 && second.pushes.length > 0,
      onTick(),
      5000,
      'the first count on each stream',
    );
    expect(stream.pushes[0]).toEqual({ kind: 'read', ids: [], unread: 0 });

    for (const n of [1, 2]) {
      expect(
        (
          await call(server, ada, 'POST', `docs/${docId}/comments`, {
            sectionId: context.id,
            body: `${mentionToken('Vic', vic.id)} question ${n}`,
          })
        ).status,
      ).toBe(201);
    }
    await until(() => stream.pushes.length >= 3, onTick(), 5000, 'two notifications pushed');
    expect(stream.pushes.slice(1)).toMatchObject([
      { kind: 'notification', unread: 1, notification: { kind: 'mention', actorName: 'Ada' } },
      { kind: 'notification', unread: 2, notification: { kind: 'mention' } },
    ]);
    const [newest, oldest] = (await inbox(server, vic)).notifications;
    expect(newest?.text).toContain('question 2');

    // Ada cannot mark Vic's notifications read; bad input is a 400 that changes nothing.
    expect(
      (await call(server, ada, 'POST', 'notifications/read', { ids: [newest?.id] })).body,
    ).toEqual({ unread: 0 });
    expect((await call(server, vic, 'POST', 'notifications/read', { ids: [] })).status).toBe(400);
    expect((await call(server, vic, 'POST', 'notifications/read', { all: true })).status).toBe(400);
    expect((await call(server, vic, 'GET', 'notifications?limit=0')).status).toBe(400);
    expect((await inbox(server, vic)).unread).toBe(2);

    // Vic reads one in one tab: both tabs hear it.
    expect(
      (await call(server, vic, 'POST', 'notifications/read', { ids: [oldest?.id] })).body,
    ).toEqual({ unread: 1 });
    const readPush = { kind: 'read', ids: [oldest?.id], unread: 1 };
    await until(
      () => JSON.stringify(second.pushes.at(-1)) === JSON.stringify(readPush),
      onTick(),
      5000,
      'the read change on the other stream',
    );
    expect((await inbox(server, vic, '?unread=1')).notifications.map((n) => n.id)).toEqual([
      newest?.id,
    ]);
    expect((await call(server, vic, 'POST', 'notifications/read', {})).body).toEqual({
      unread: 0,
    });
    await until(
      () => stream.pushes.at(-1)?.kind === 'read' && stream.pushes.at(-1)?.unread === 0,
      onTick(),
      5000,
      'mark-all-read on the stream',
    );
    // Kept after reading, marked read.
    expect((await inbox(server, vic)).notifications.every((n) => n.readAt !== null)).toBe(true);

    // Signed out: the streams opened with that sign-in end; signed-out callers get 401.
    expect((await call(server, vic, 'POST', 'auth/logout')).status).toBeLessThan(300);
    await until(() => stream.state.ended && second.state.ended, onTick(), 5000, 'streams to end');
    expect((await fetch(`${server.url}/api/notifications/stream`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/notifications`)).status).toBe(401);
  });

  it('[NT4] being named a reviewer and a sign-off round ask for verdicts; an approval tells the owners', async () => {
    const { server, owner, docId, ada, bob, sections, context } = await scene();
    const put = await call(server, owner, 'PUT', `docs/${docId}/reviewers`, {
      document: [ada.id],
      sections: { [context.id]: [ada.id, bob.id] },
    });
    expect(put.status).toBe(200);
    expect((await inbox(server, ada)).notifications).toMatchObject([
      {
        kind: 'signoff_request',
        actorName: 'Owner',
        text: 'asked you to review and sign off the document',
      },
    ]);
    expect((await inbox(server, bob)).notifications).toMatchObject([
      {
        kind: 'signoff_request',
        sectionId: context.id,
        text: 'asked you to review and sign off 1 section',
      },
    ]);
    // Saving the same reviewers again asks nobody twice.
    await call(server, owner, 'PUT', `docs/${docId}/reviewers`, {
      document: [ada.id],
      sections: { [context.id]: [ada.id, bob.id] },
    });
    expect((await inbox(server, ada)).notifications).toHaveLength(1);

    // Ada approves Context before the round; the round asks her for the rest only.
    const adaClient = connectProvider(server.syncUrl, docId, { token: ada.docToken });
    const bobClient = connectProvider(server.syncUrl, docId, { token: bob.docToken });
    await Promise.all([whenSynced(adaClient), whenSynced(bobClient)]);
    const signed = await call(server, ada, 'POST', `docs/${docId}/signoffs`, {
      sectionId: context.id,
      verdict: 'approve',
      contentHash: context.contentHash,
    });
    expect(signed.status).toBe(201);
    expect((await call(server, owner, 'POST', `docs/${docId}/rounds`)).status).toBe(201);
    const others = sections.length - 1;
    expect((await inbox(server, ada)).notifications[0]).toMatchObject({
      kind: 'signoff_request',
      text: `called a sign-off round: ${others} sections wait for your verdict`,
    });
    expect((await inbox(server, bob)).notifications[0]?.text).toBe(
      'called a sign-off round: 1 section waits for your verdict',
    );
    expect((await inbox(server, owner)).notifications).toEqual([]);

    // Everything approved: the owner is told (the reviewers are not).
    const rest = sections
      .filter((s) => s.id !== context.id)
      .map((s) => ({ sectionId: s.id, contentHash: s.contentHash }));
    expect(
      (
        await call(server, ada, 'POST', `docs/${docId}/signoffs`, {
          verdict: 'approve',
          sections: rest,
        })
      ).status,
    ).toBe(201);
    const bobSigned = await call(server, bob, 'POST', `docs/${docId}/signoffs`, {
      sectionId: context.id,
      verdict: 'approve',
      contentHash: context.contentHash,
    });
    expect((bobSigned.body.records as SignoffRecord[]).length).toBe(1);
    const box = await untilInbox(
      server,
      owner,
      (b) => b.notifications.some((n) => n.kind === 'approval'),
      'the approval notification',
    );
    expect(box.notifications[0]).toMatchObject({
      kind: 'approval',
      actorId: null,
      text: expect.stringMatching(/^Approved as v1\.0 by (Ada, Bob|Bob, Ada)$/),
    });
    expect((await inbox(server, ada)).notifications.some((n) => n.kind === 'approval')).toBe(false);
  });

  it('[CM8] each user’s read marks on threads: writing reads a thread, opening it reads it, a newer comment is unread again', async () => {
    const { server, docId, ada, bob, context } = await scene();
    const reads = async (account: TestAccount) =>
      (await call(server, account, 'GET', `docs/${docId}/comments`)).body.reads as Record<
        string,
        string
      >;
    const opened = await call(server, ada, 'POST', `docs/${docId}/comments`, {
      sectionId: context.id,
      body: 'Which ledger?',
    });
    const thread = opened.body.thread as { id: string; createdAt: string };
    expect(Object.keys(await reads(ada))).toEqual([thread.id]);
    expect(await reads(bob)).toEqual({});

    expect(
      (await call(server, bob, 'POST', `docs/${docId}/comments/${thread.id}/read`)).status,
    ).toBe(204);
    const bobRead = (await reads(bob))[thread.id] as string;
    expect(Date.parse(bobRead)).toBeGreaterThanOrEqual(Date.parse(thread.createdAt));

    // Ada's reply is newer than Bob's mark (unread for Bob), and read for Ada.
    const replied = await call(server, ada, 'POST', `docs/${docId}/comments/${thread.id}/replies`, {
      body: 'The one in Context.',
    });
    const reply = (replied.body.thread as { comments: Array<{ createdAt: string }> }).comments[1];
    expect(Date.parse(reply?.createdAt as string)).toBeGreaterThanOrEqual(Date.parse(bobRead));
    expect(Date.parse((await reads(ada))[thread.id] as string)).toBeGreaterThanOrEqual(
      Date.parse(reply?.createdAt as string),
    );
    expect(
      (await call(server, bob, 'POST', `docs/${docId}/comments/no-such-thread/read`)).status,
    ).toBe(404);
  });
});
