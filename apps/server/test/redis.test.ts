// Several instances on one PostgreSQL, fanning out over Redis: edits reach every instance's
// clients; Redis holds nothing that storage does not (killed, restarted empty, or a publish that
// never happened: instances read what they missed from PostgreSQL by sequence number).
import { randomBytes } from 'node:crypto';
import { contentFragment } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Config } from '../src/config.js';
import { LocalFanOut } from '../src/fanout/local.js';
import { freshSchema, testPostgresUrl } from '../src/storage/postgres/testing.js';
import {
  authedFetch,
  connectProvider,
  docCall,
  onCleanup,
  onDocUpdates,
  openRaw,
  reviewEvents,
  signUp,
  startServer,
  type TestAccount,
  type TestClient,
  type TestServer,
  until,
  untilMetric,
  whenSynced,
} from './helpers.js';
import { ownRedis, testRedisUrl } from './processes.js';

const pgUrl = testPostgresUrl();
const redisUrl = testRedisUrl();

/** Instances of one deployment: one PostgreSQL schema, one channel prefix, token secret shared. */
async function deployment(redis: string, checkMs = 300) {
  const { schema, drop } = freshSchema(pgUrl as string);
  onCleanup(drop);
  const shared: Partial<Config> = {
    database: { url: pgUrl as string, schema },
    redis: { url: redis, prefix: `ratify-test-${randomBytes(4).toString('hex')}`, checkMs },
  };
  return {
    start: (overrides: Partial<Config> = {}, options: Parameters<typeof startServer>[1] = {}) =>
      startServer({ ...shared, ...overrides }, options),
  };
}

async function docOn(server: TestServer): Promise<{ owner: TestAccount; docId: string }> {
  const owner = await signUp(server, 'Owner');
  const created = await docCall(server, owner, 'POST', '', {
    markdown: '# Payments review\n\n## Context\n\nThe ledger.\n',
  });
  expect(created.status).toBe(201);
  return { owner, docId: (created.body as { id: string }).id };
}

async function clientOf(server: TestServer, owner: TestAccount, docId: string) {
  const token = (await docCall(server, owner, 'POST', `${docId}/token`)).body.token as string;
  const client = connectProvider(server.syncUrl, docId, { token });
  await whenSynced(client);
  return client;
}

/** The Context paragraph's text in a client's copy. */
function paragraph(client: TestClient): Y.XmlText {
  const blocks = contentFragment(client.doc).toArray() as Y.XmlElement[];
  return (blocks.at(-1) as Y.XmlElement).get(0) as Y.XmlText;
}

const onTickFast = () => (notify: () => void) => {
  const t = setInterval(notify, 10);
  return () => clearInterval(t);
};

/** Sign up a member on `server` and add them to the document with `role`. */
async function newMemberOn(
  server: TestServer,
  owner: TestAccount,
  docId: string,
  role: string,
  name: string,
): Promise<TestAccount> {
  const account = await signUp(server, name);
  const added = await docCall(server, owner, 'POST', `${docId}/members`, {
    email: account.email,
    role,
  });
  expect(added.status).toBe(201);
  return account;
}

/** The owner opens a thread on the document's first section that @mentions `who`. */
async function mentionIn(server: TestServer, owner: TestAccount, docId: string, who: TestAccount) {
  const { sections } = (await docCall(server, owner, 'GET', `${docId}/sections`)).body as {
    sections: Array<{ id: string }>;
  };
  const opened = await docCall(server, owner, 'POST', `${docId}/comments`, {
    sectionId: sections[0]?.id,
    body: `@[${who.name}](user:${who.id}) please look`,
  });
  expect(opened.status).toBe(201);
}

const converged = (clients: TestClient[], words: string[]) => () => {
  const texts = clients.map((c) => paragraph(c).toString());
  return texts.every((t) => t === texts[0]) && words.every((w) => texts[0]?.includes(w));
};

describe.skipIf(pgUrl === null || redisUrl === null)('fan-out over Redis', () => {
  it('[RD1] three instances on one PostgreSQL: providers spread over them converge, presence crosses them, each edit stored once', async () => {
    // The periodic check is slowed right down: here only Redis can deliver in time.
    const deploy = await deployment(redisUrl as string, 60_000);
    const servers = [await deploy.start(), await deploy.start(), await deploy.start()];
    const [a] = servers as [TestServer, TestServer, TestServer];
    const { owner, docId } = await docOn(a);
    const clients = await Promise.all(servers.map((s) => clientOf(s, owner, docId)));
    const words = ['alpha ', 'bravo ', 'charlie '];
    clients.forEach((client, i) => {
      paragraph(client).insert(0, words[i] as string);
    });
    await until(
      converged(clients, words),
      onDocUpdates(...clients.map((c) => c.doc)),
      5000,
      'clients on three instances to converge',
    );
    // Presence crosses instances too, stamped with the account by the instance it came in on.
    const [first, , third] = clients as [TestClient, TestClient, TestClient];
    first.provider.awareness.setLocalStateField('cursor', { at: 7 });
    const seenOnThird = () =>
      [...third.provider.awareness.getStates().values()].some(
        (state) =>
          (state as { cursor?: { at: number } }).cursor?.at === 7 &&
          (state as { user?: { name: string } }).user?.name === 'Owner',
      );
    await until(
      seenOnThird,
      (notify) => {
        third.provider.awareness.on('change', notify);
        return () => third.provider.awareness.off('change', notify);
      },
      5000,
      "a's client's presence to reach c's client",
    );
    // A client moved to another instance on reconnect loses nothing.
    const moved = await clientOf(servers[2] as TestServer, owner, docId);
    expect(paragraph(moved).toString()).toBe(paragraph(clients[0] as TestClient).toString());
    // Each edit was stored once, by the instance that took it, numbered in commit order.
    const stored = await (servers[0] as TestServer).storage.load(docId);
    expect(stored?.updates.length).toBe(1 + words.length);
    expect(stored?.head).toBe(1 + words.length);
  });

  it('[RD2] an instance that never published (killed between commit and publish) is healed by the others from PostgreSQL', async () => {
    const deploy = await deployment(redisUrl as string);
    // `a` commits to the shared database but its fan-out reaches nobody.
    const a = await deploy.start({}, { fanout: new LocalFanOut() });
    const b = await deploy.start();
    const { owner, docId } = await docOn(a);
    const [onA, onB] = [await clientOf(a, owner, docId), await clientOf(b, owner, docId)];
    paragraph(onA).insert(0, 'unpublished ');
    await until(
      converged([onA, onB], ['unpublished ']),
      onDocUpdates(onA.doc, onB.doc),
      5000,
      'the other instance to read the missed update from storage',
    );
  });

  it('[RD3] Redis killed while clients type, then restarted empty: instances keep serving and committing, and every client converges with nothing lost', async () => {
    const redis = await ownRedis();
    const deploy = await deployment(redis.url);
    const a = await deploy.start();
    const b = await deploy.start();
    const { owner, docId } = await docOn(a);
    const [onA, onB] = [await clientOf(a, owner, docId), await clientOf(b, owner, docId)];
    paragraph(onA).insert(0, 'before ');
    await until(converged([onA, onB], ['before ']), onDocUpdates(onA.doc, onB.doc), 5000, 'sync');

    await redis.kill();
    paragraph(onA).insert(0, 'during-a ');
    paragraph(onB).insert(0, 'during-b ');
    // Both instances commit while Redis is down.
    await untilMetric(a, 'ratify_updates_received_total', (n) => n >= 2);
    await untilMetric(b, 'ratify_updates_received_total', (n) => n >= 1);
    await until(
      converged([onA, onB], ['during-a ', 'during-b ']),
      onDocUpdates(onA.doc, onB.doc),
      5000,
      'clients to converge through storage while Redis is down',
    );

    await redis.start();
    paragraph(onB).insert(0, 'after ');
    await until(
      converged([onA, onB], ['before ', 'during-a ', 'during-b ', 'after ']),
      onDocUpdates(onA.doc, onB.doc),
      8000,
      'clients to converge once Redis is back (empty)',
    );
    const stored = await a.storage.load(docId);
    const check = new Y.Doc();
    for (const u of stored?.updates ?? []) Y.applyUpdate(check, u);
    const text = (
      (contentFragment(check).toArray().at(-1) as Y.XmlElement).get(0) as Y.XmlText
    ).toString();
    expect(text).toBe(paragraph(onA).toString());
  });

  it('[RD4] access changes, notifications and review changes cross instances: a role changed on one closes the member’s socket on another; a mention made on one reaches the bell open on another; review pushes reach review clients everywhere', async () => {
    const deploy = await deployment(redisUrl as string);
    const a = await deploy.start();
    const b = await deploy.start();
    const { owner, docId } = await docOn(a);
    const ada = await newMemberOn(a, owner, docId, 'editor', 'Ada');
    const token = (await docCall(a, ada, 'POST', `${docId}/token`)).body.token as string;
    const onB = await openRaw(`${b.syncUrl}/${docId}?token=${token}`);
    // Ada's bell is open on b.
    const stream = await authedFetch(ada, `${b.url}/api/notifications/stream`);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    let received = '';
    const pump = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received += new TextDecoder().decode(value);
      }
    })().catch(() => {});
    onCleanup(async () => {
      await reader.cancel().catch(() => {});
      await pump;
    });
    await until(() => received.includes('"unread":0'), onTickFast(), 5000, 'the stream to open');
    await mentionIn(a, owner, docId, ada);
    await until(
      () => received.includes('"kind":"mention"'),
      onTickFast(),
      5000,
      'the mention made on a to reach the stream on b',
    );
    // Review changes made through a reach the `?review=1` clients on b.
    const watcherToken = (await docCall(b, owner, 'POST', `${docId}/token`)).body.token as string;
    const watcher = connectProvider(b.syncUrl, docId, { token: watcherToken, review: '1' });
    await whenSynced(watcher);
    const pushed = reviewEvents(watcher);
    expect(
      (
        await docCall(a, owner, 'PUT', `${docId}/reviewers`, {
          document: [ada.id],
          sections: {},
        })
      ).status,
    ).toBe(200);
    await until(
      () => pushed.some((e) => e.kind === 'reviewers' && e.reviewers.document[0] === ada.id),
      onTickFast(),
      5000,
      'the reviewers change made on a to reach the review client on b',
    );
    // The owner demotes Ada on a: her socket on b closes with 4403.
    const demoted = await docCall(a, owner, 'PATCH', `${docId}/members/${ada.id}`, {
      role: 'viewer',
    });
    expect(demoted.status).toBe(200);
    expect((await onB.waitClosed()).code).toBe(4403);
  });
});
