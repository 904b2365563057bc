// Scale-out under faults: an instance killed with kill -9 while everyone types, PostgreSQL
// unreachable under a live instance, and an instance lagging behind a compaction. In every case
// what any client saw is in PostgreSQL and in every client once the fault is gone.
import { randomBytes } from 'node:crypto';
import { contentFragment, SAVED_ACK_QUERY_PARAM } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LocalFanOut } from '../src/fanout/local.js';
import { PgStorage } from '../src/storage/postgres/pg-storage.js';
import { freshSchema, testPostgresUrl } from '../src/storage/postgres/testing.js';
import {
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
    await until(
      () => texts().every((t) => t === texts()[0]) && every.every((w) => texts()[0]?.includes(w)),
      onDocUpdates(...moved.map((c) => c.doc)),
      15_000,
      'every client on the surviving instances to have every word',
    );
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
});
