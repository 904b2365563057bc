// Scale-out under faults: an instance killed with kill -9 while everyone types, PostgreSQL
// unreachable under a live instance, and an instance lagging behind a compaction. In every case
// what any client saw is in PostgreSQL and in every client once the fault is gone.
import { randomBytes } from 'node:crypto';
import { contentFragment, SAVED_ACK_QUERY_PARAM, yDocToMarkdown } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LocalFanOut } from '../src/fanout/local.js';
import { PgStorage } from '../src/storage/postgres/pg-storage.js';
import { freshSchema, testPostgresUrl } from '../src/storage/postgres/testing.js';
import {
  authedFetch,
  connectProvider,
  containsAll,
  docCall,
  onCleanup,
  onDocUpdates,
  onTick,
  recordReceived,
  signUp,
  startServer,
  type TestAccount,
  type TestClient,
  until,
  untilMetric,
  untilStored,
  whenSynced,
} from './helpers.js';
import { cuttablePostgres, ratifyProcess, testRedisUrl } from './processes.js';

const pgUrl = testPostgresUrl();
const redisUrl = testRedisUrl();

const MARKDOWN = '# Payments review\n\n## Context\n\nThe ledger.\n';

/** The Context paragraph's text in a Yjs document. */
function paragraph(doc: Y.Doc): Y.XmlText {
  const blocks = contentFragment(doc).toArray() as Y.XmlElement[];
  return (blocks.at(-1) as Y.XmlElement).get(0) as Y.XmlText;
}

async function newDoc(server: { url: string }): Promise<{ owner: TestAccount; docId: string }> {
  const owner = await signUp(server, 'Owner');
  const created = await docCall(server, owner, 'POST', '', { markdown: MARKDOWN });
  expect(created.status).toBe(201);
  return { owner, docId: (created.body as { id: string }).id };
}

async function tokenFor(server: { url: string }, account: TestAccount, docId: string) {
  return (await docCall(server, account, 'POST', `${docId}/token`)).body.token as string;
}

/** The document as PostgreSQL holds it, read by a storage of the test's own. */
async function storedDoc(schema: string, docId: string): Promise<Y.Doc> {
  const storage = await PgStorage.open({ connectionString: pgUrl as string, schema });
  try {
    const stored = await storage.load(docId);
    const doc = new Y.Doc();
    if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored?.updates ?? []) Y.applyUpdate(doc, u);
    return doc;
  } finally {
    await storage.close();
  }
}

/** Everything the client sent on its current socket is saved. */
const allSaved = (client: TestClient) =>
  client.acks.sent > 0 && client.acks.saved === client.acks.sent;

describe.skipIf(pgUrl === null || redisUrl === null)('scale-out under faults', () => {
  it('[SC1] kill -9 of one of three instances while clients type on all: once its clients reconnect elsewhere, every update any client saw is in PostgreSQL and in every client', async () => {
    const { schema, drop } = freshSchema(pgUrl as string);
    onCleanup(drop);
    const env = {
      DATABASE_URL: pgUrl as string,
      DATABASE_SCHEMA: schema,
      REDIS_URL: redisUrl as string,
      REDIS_PREFIX: `ratify-sc1-${randomBytes(4).toString('hex')}`,
      FANOUT_CHECK_MS: '500',
    };
    const instances = [
      await ratifyProcess(env),
      await ratifyProcess(env),
      await ratifyProcess(env),
    ];
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    const { owner, docId } = await newDoc(a);
    const token = await tokenFor(a, owner, docId);
    // Two clients on each instance.
    const placed = instances.flatMap((instance) => [instance, instance]);
    const clients = placed.map((instance) => connectProvider(instance.syncUrl, docId, { token }));
    await Promise.all(clients.map((c) => whenSynced(c)));
    const seen: Uint8Array[] = [];
    for (const client of clients) recordReceived(client, seen);

    const WORDS = 40;
    const typed = clients.map(() => 0);
    const typing = clients.map(async (client, i) => {
      for (let n = 0; n < WORDS; n++) {
        paragraph(client.doc).insert(0, `w${i}-${n} `);
        typed[i] = n + 1;
        // A typing pace, not a wait for state: ~50 words a second per client.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    await until(() => typed.every((n) => n >= WORDS / 3), onTick(), 10_000, 'typing to start');
    await b.kill9();
    // b's clients move to a, keeping their copies (with whatever b never acknowledged).
    const moved = clients.map((client, i) => {
      if (placed[i] !== b) return client;
      client.provider.destroy();
      const next = connectProvider(a.syncUrl, docId, { token }, client.doc);
      recordReceived(next, seen);
      return next;
    });
    await Promise.all(typing);

    const every = clients.flatMap((_, i) =>
      Array.from({ length: WORDS }, (__, n) => `w${i}-${n} `),
    );
    const texts = () => moved.map((c) => paragraph(c.doc).toString());
    const missing = () =>
      texts()
        .map((t, i) => `client ${i}: ${every.filter((w) => !t.includes(w)).join('') || 'none'}`)
        .join('; ');
    await until(
      () => texts().every((t) => t === texts()[0]) && every.every((w) => texts()[0]?.includes(w)),
      onDocUpdates(...moved.map((c) => c.doc)),
      15_000,
      'every client on the surviving instances to have every word',
    ).catch((error: Error) => {
      throw new Error(`${error.message}; missing words: ${missing()}`);
    });
    // PostgreSQL has everything any client saw, and the same text every client has.
    let stored = await storedDoc(schema, docId);
    await until(
      () => paragraph(stored).toString() === texts()[0],
      (notify) =>
        onTick()(async () => {
          stored = await storedDoc(schema, docId);
          notify();
        }),
      5000,
      'PostgreSQL to hold what the clients converged to',
    );
    expect(containsAll(stored, seen)).toBe(true);
  });

  it('[SC2] PostgreSQL unreachable: edits are neither acknowledged nor broadcast, /readyz says so, and everything typed is committed once the database is back', async () => {
    const { schema, drop } = freshSchema(pgUrl as string);
    onCleanup(drop);
    const path = await cuttablePostgres(pgUrl as string);
    const server = await startServer({ database: { url: path.url, schema } });
    const { owner, docId } = await newDoc(server);
    const token = await tokenFor(server, owner, docId);
    const writer = connectProvider(server.syncUrl, docId, {
      token,
      [SAVED_ACK_QUERY_PARAM]: '1',
    });
    const watcher = connectProvider(server.syncUrl, docId, { token });
    await Promise.all([whenSynced(writer), whenSynced(watcher)]);
    paragraph(writer.doc).insert(0, 'before ');
    await until(
      () => paragraph(watcher.doc).toString().includes('before ') && allSaved(writer),
      onTick(),
      5000,
      'the first edit to be saved and seen',
    );
    const savedBefore = writer.acks.saved;

    await path.cut();
    const closed = new Promise<void>((resolve) =>
      writer.provider.once('connection-close', () => resolve()),
    );
    paragraph(writer.doc).insert(0, 'offline ');
    // The append fails: the writer's connection is dropped, with nothing acknowledged or sent on.
    await closed;
    expect(writer.acks.saved).toBe(savedBefore);
    expect(paragraph(watcher.doc).toString()).not.toContain('offline ');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);

    await path.restore();
    // The writer's provider reconnects by itself and sends what was never saved.
    await until(
      () => paragraph(watcher.doc).toString().includes('offline ') && allSaved(writer),
      onTick(),
      15_000,
      'the edit typed while the database was away to reach the watcher',
    );
    await untilStored(
      server,
      docId,
      (stored) => {
        const doc = new Y.Doc();
        if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot);
        for (const u of stored?.updates ?? []) Y.applyUpdate(doc, u);
        return paragraph(doc).toString().startsWith('offline before ');
      },
      'PostgreSQL to hold the edit typed while it was away',
    );
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('[SC3] an instance that missed updates which compaction then folded into a snapshot still converges, and so does one that loads afterwards', async () => {
    const { schema, drop } = freshSchema(pgUrl as string);
    onCleanup(drop);
    const redis = {
      url: redisUrl as string,
      prefix: `ratify-sc3-${randomBytes(4).toString('hex')}`,
      checkMs: 60_000,
    };
    const database = { url: pgUrl as string, schema };
    // `a` compacts every few updates; `lagging` hears nothing from the others.
    const a = await startServer({ database, redis, compactionThreshold: 5 });
    const lagging = await startServer({ database, redis }, { fanout: new LocalFanOut() });
    const { owner, docId } = await newDoc(a);
    const token = await tokenFor(a, owner, docId);
    const onA = connectProvider(a.syncUrl, docId, { token });
    const onLagging = connectProvider(lagging.syncUrl, docId, { token });
    await Promise.all([whenSynced(onA), whenSynced(onLagging)]);
    for (let n = 0; n < 12; n++) paragraph(onA.doc).insert(0, `a${n} `);
    await untilMetric(a, 'ratify_updates_received_total', (v) => v >= 12);
    // The rows `lagging` never applied are gone: only a snapshot holds them now.
    const storage = a.storage as PgStorage;
    let folded = false;
    await until(
      () => folded,
      (notify) =>
        onTick()(async () => {
          folded = (await storage.updatesSince(docId, 1)) === null;
          notify();
        }),
      5000,
      'compaction to fold the early updates into a snapshot',
    );
    expect(paragraph(onLagging.doc).toString()).not.toContain('a11 ');
    // Its own client's next edit lands after a hole; it reads the whole stored state to fill it.
    paragraph(onLagging.doc).insert(0, 'late ');
    const words = ['late ', ...Array.from({ length: 12 }, (_, n) => `a${n} `)];
    await until(
      () => words.every((w) => paragraph(onLagging.doc).toString().includes(w)),
      onDocUpdates(onLagging.doc),
      5000,
      'the lagging instance to read what compaction folded away',
    );
    const fresh = await startServer({ database, redis });
    const onFresh = connectProvider(fresh.syncUrl, docId, { token });
    await whenSynced(onFresh);
    await until(
      () => paragraph(onFresh.doc).toString() === paragraph(onLagging.doc).toString(),
      onDocUpdates(onFresh.doc, onLagging.doc),
      5000,
      'an instance loading after the compaction to agree',
    );
  });

  it('[SC4] two instances racing sign-offs on one document: one chain, no fork, one approval and one change-log row; a reviewer connected to one instance signs through the other; a retry sent to the other instance is answered from the first', async () => {
    const { schema, drop } = freshSchema(pgUrl as string);
    onCleanup(drop);
    const shared = {
      database: { url: pgUrl as string, schema },
      redis: {
        url: redisUrl as string,
        prefix: `ratify-sc4-${randomBytes(4).toString('hex')}`,
        checkMs: 300,
      },
      // An absent signer is refused once no instance confirms them within this (plus a margin).
      presenceTimeoutMs: 300,
    };
    const a = await startServer(shared);
    const b = await startServer(shared);
    const owner = await signUp(a, 'Owner');
    const created = await docCall(a, owner, 'POST', '', {
      template: 'technical-architecture-framework',
    });
    expect(created.status).toBe(201);
    const docId = (created.body as { id: string }).id;
    const member = async (name: string) => {
      const account = await signUp(a, name);
      const added = await docCall(a, owner, 'POST', `${docId}/members`, {
        email: account.email,
        role: 'editor',
      });
      expect(added.status).toBe(201);
      return account;
    };
    const [ada, bob] = [await member('Ada'), await member('Bob')];
    const put = await docCall(a, owner, 'PUT', `${docId}/reviewers`, {
      document: [ada.id, bob.id],
      sections: {},
    });
    expect(put.status).toBe(200);
    // Each is present on the instance they sign through.
    const [onA, onB] = [
      connectProvider(a.syncUrl, docId, { token: await tokenFor(a, ada, docId) }),
      connectProvider(b.syncUrl, docId, { token: await tokenFor(b, bob, docId) }),
    ];
    await Promise.all([whenSynced(onA), whenSynced(onB)]);
    const { sections } = (await docCall(a, owner, 'GET', `${docId}/sections`)).body as {
      sections: Array<{ id: string; contentHash: string }>;
    };
    const all = sections.map((s) => ({ sectionId: s.id, contentHash: s.contentHash }));
    const signOff = (server: { url: string }, who: TestAccount, key: string) =>
      authedFetch(who, `${server.url}/api/docs/${docId}/signoffs`, {
        method: 'POST',
        headers: { 'Idempotency-Key': key },
        body: JSON.stringify({ verdict: 'approve', sections: all }),
      });
    const responses = await Promise.all([
      signOff(a, ada, 'ada-1'),
      signOff(b, bob, 'bob-1'),
      signOff(a, ada, 'ada-2'),
      // Connected only to b, signing through a: b confirms he is present.
      signOff(a, bob, 'bob-2'),
    ]);
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const firstBody = await responses[0]?.json();

    const records = await a.reviews.listSignoffs(docId);
    expect(records.map((r) => r.seq)).toEqual(
      Array.from({ length: all.length * 4 }, (_, i) => i + 1),
    );
    for (const server of [a, b]) {
      const verify = await docCall(server, owner, 'GET', `${docId}/signoffs/verify`);
      expect(verify.body).toEqual({ ok: true, length: all.length * 4, head: records.at(-1)?.hash });
    }
    // Someone connected nowhere is refused, on either instance.
    const cy = await member('Cy');
    const withCy = await docCall(a, owner, 'PUT', `${docId}/reviewers`, {
      document: [ada.id, bob.id, cy.id],
      sections: {},
    });
    expect(withCy.status).toBe(200);
    for (const server of [a, b]) {
      const absent = await signOff(server, cy, `cy-${server.port}`);
      expect(absent.status).toBe(409);
      expect(((await absent.json()) as { error: { code: string } }).error.code).toBe('not_present');
    }
    // Ada's client lost the first answer and retries on the other instance: answered, not re-run.
    const retry = await signOff(b, ada, 'ada-1');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(firstBody);
    expect(await b.reviews.listSignoffs(docId)).toHaveLength(all.length * 4);

    // Both instances saw the document become approved; it was recorded once.
    const row = /\|\s*\d{4}-\d{2}-\d{2}\s*\|\s*1\.0\s*\|\s*First approval\s*\|/g;
    await until(
      () => [onA, onB].every((c) => (yDocToMarkdown(c.doc).match(row) ?? []).length === 1),
      onDocUpdates(onA.doc, onB.doc),
      5000,
      'the change-log row to reach the clients on both instances',
    );
    expect(await a.reviews.listApprovals(docId)).toHaveLength(1);
    expect(yDocToMarkdown(onA.doc).match(row)).toHaveLength(1);
  });
});
