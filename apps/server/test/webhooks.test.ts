import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentFragment } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  authedFetch,
  connectProvider,
  createDoc,
  docOwner,
  newMember,
  onCleanup,
  onTick,
  startServer,
  until,
  untilMetric,
  whenSynced,
} from './helpers.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback that answers each request with the next status given. */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

describe('webhooks', () => {
  it("[WH2] events are POSTed as signed JSON, retried with backoff, and every attempt is in the owner's delivery log", async () => {
    const server = await startServer(
      { webhookAllowHttp: true },
      { webhookRetryDelaysMs: [50, 100] },
    );
    const owner = await docOwner(server);
    const docId = await createDoc(server, { markdown: '# Doc\n\n## Context\n\nThe ledger.\n' });
    const ada = await newMember(server, docId, 'editor', 'Ada');
    const hookOn = await receiver([500]);
    const created = await authedFetch(owner, `${server.url}/api/docs/${docId}/webhooks`, {
      method: 'POST',
      body: JSON.stringify({ url: hookOn.url }),
    });
    expect(created.status).toBe(201);
    const hook = (await created.json()) as { id: string; secret: string };
    // Editors do not manage webhooks.
    const editorTries = await authedFetch(ada, `${server.url}/api/docs/${docId}/webhooks`, {
      method: 'POST',
      body: JSON.stringify({ url: hookOn.url }),
    });
    expect(editorTries.status).toBe(403);

    // A comment: the first attempt gets a 500, the retry a 204.
    const thread = await authedFetch(ada, `${server.url}/api/docs/${docId}/comments`, {
      method: 'POST',
      body: JSON.stringify({
        sectionId: (
          (await (await authedFetch(ada, `${server.url}/api/docs/${docId}/sections`)).json()) as {
            sections: Array<{ id: string; title: string }>;
          }
        ).sections.find((s) => s.title === 'Context')?.id,
        body: 'Which ledger?',
      }),
    });
    expect(thread.status).toBe(201);
    await until(() => hookOn.received.length >= 2, onTick(), 5000, 'the retry to arrive');
    const [first, retry] = hookOn.received as [Received, Received];
    expect(retry.body).toBe(first.body);
    expect(retry.headers['ratify-delivery']).toBe(first.headers['ratify-delivery']);
    expect(retry.headers['ratify-event']).toBe('comment.created');
    const payload = JSON.parse(retry.body) as {
      event: string;
      docId: string;
      data: { thread: { comments: Array<{ body: string }> } };
    };
    expect(payload).toMatchObject({ event: 'comment.created', docId });
    expect(payload.data.thread.comments[0]?.body).toBe('Which ledger?');
    // The signature: HMAC-SHA256 of "<t>.<body>" with the secret shown at creation.
    const [t, v1] = String(retry.headers['ratify-signature'])
      .split(',')
      .map((p) => p.split('=')[1]);
    expect(v1).toBe(createHmac('sha256', hook.secret).update(`${t}.${retry.body}`).digest('hex'));
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);

    // Sign-off and approval events, to the document's hook and to the instance's.
    const instance = await receiver([]);
    expect(
      (
        await authedFetch(owner, `${server.url}/api/admin/webhooks`, {
          method: 'POST',
          body: JSON.stringify({ url: instance.url }),
        })
      ).status,
    ).toBe(201);
    await authedFetch(owner, `${server.url}/api/docs/${docId}/reviewers`, {
      method: 'PUT',
      body: JSON.stringify({ document: [ada.id] }),
    });
    const client = connectProvider(server.syncUrl, docId, { token: ada.docToken });
    await whenSynced(client);
    const sections = (
      (await (await authedFetch(ada, `${server.url}/api/docs/${docId}/sections`)).json()) as {
        sections: Array<{ id: string; contentHash: string }>;
      }
    ).sections;
    const signed = await authedFetch(ada, `${server.url}/api/docs/${docId}/signoffs`, {
      method: 'POST',
      body: JSON.stringify({
        verdict: 'approve',
        sections: sections.map((s) => ({ sectionId: s.id, contentHash: s.contentHash })),
      }),
    });
    expect(signed.status).toBe(201);
    const events = (r: Received[]) => r.map((x) => x.headers['ratify-event']);
    await until(
      () =>
        ['signoff.recorded', 'document.approved'].every(
          (e) => events(hookOn.received).includes(e) && events(instance.received).includes(e),
        ),
      onTick(),
      5000,
      'the sign-off and approval events at both hooks',
    );

    // The owner's log: the comment delivered on the second attempt, then the others.
    const log = (await (
      await authedFetch(owner, `${server.url}/api/docs/${docId}/webhooks`)
    ).json()) as {
      webhooks: Array<{
        id: string;
        deliveries: Array<{ event: string; state: string; attempts: number; lastResult: string }>;
      }>;
    };
    expect(log.webhooks.map((w) => w.id)).toEqual([hook.id]);
    const comment = log.webhooks[0]?.deliveries.find((d) => d.event === 'comment.created');
    expect(comment).toMatchObject({ state: 'delivered', attempts: 2, lastResult: '204' });
  });

  it('[WH3] a receiver that keeps failing is given up after the last retry, and URLs must be https unless allowed', async () => {
    const server = await startServer({}, { webhookRetryDelaysMs: [20, 20] });
    const owner = await docOwner(server);
    const docId = await createDoc(server, { markdown: '# Doc\n\n## Context\n\nThe ledger.\n' });
    const plain = await authedFetch(owner, `${server.url}/api/docs/${docId}/webhooks`, {
      method: 'POST',
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hook' }),
    });
    expect([
      plain.status,
      ((await plain.json()) as { error: { code: string } }).error.code,
    ]).toEqual([400, 'https_required']);
    const allowing = await startServer(
      { webhookAllowHttp: true },
      { webhookRetryDelaysMs: [20, 20] },
    );
    const owner2 = await docOwner(allowing);
    const doc2 = await createDoc(allowing, { markdown: '# Doc\n\n## Context\n\nThe ledger.\n' });
    const failing = await receiver([500, 502, 503]);
    await authedFetch(owner2, `${allowing.url}/api/docs/${doc2}/webhooks`, {
      method: 'POST',
      body: JSON.stringify({ url: failing.url }),
    });
    const sectionId = (
      (await (await authedFetch(owner2, `${allowing.url}/api/docs/${doc2}/sections`)).json()) as {
        sections: Array<{ id: string }>;
      }
    ).sections[0]?.id;
    await authedFetch(owner2, `${allowing.url}/api/docs/${doc2}/comments`, {
      method: 'POST',
      body: JSON.stringify({ sectionId, body: 'x' }),
    });
    let deliveries: Array<{ state: string; attempts: number; lastResult: string }> = [];
    await until(
      () => deliveries[0]?.state === 'failed',
      (notify) =>
        onTick(20)(async () => {
          const log = (await (
            await authedFetch(owner2, `${allowing.url}/api/docs/${doc2}/webhooks`)
          ).json()) as {
            webhooks: Array<{ deliveries: typeof deliveries }>;
          };
          deliveries = log.webhooks[0]?.deliveries ?? [];
          notify();
        }),
      5000,
      'the delivery to be given up',
    );
    expect(deliveries[0]).toMatchObject({ state: 'failed', attempts: 3, lastResult: '503' });
    expect(failing.received.length).toBe(3);
  });
});

describe('section.stale', () => {
  it('[WH4] an edit that makes sign-offs stale sends section.stale once per sign-off; a revert and a new edit send it again; other edits send nothing', async () => {
    // Reverts are looked for every 100 ms here (every few seconds by default).
    const server = await startServer(
      { webhookAllowHttp: true },
      { webhookRetryDelaysMs: [50], staleRecheckMs: 100 },
    );
    const owner = await docOwner(server);
    const docId = await createDoc(server, {
      markdown: '# Doc\n\n## Context\n\nThe ledger.\n\n## Decision\n\nQueues.\n',
    });
    const ada = await newMember(server, docId, 'editor', 'Ada');
    const hookOn = await receiver([]);
    await authedFetch(owner, `${server.url}/api/docs/${docId}/webhooks`, {
      method: 'POST',
      body: JSON.stringify({ url: hookOn.url }),
    });
    await authedFetch(owner, `${server.url}/api/docs/${docId}/reviewers`, {
      method: 'PUT',
      body: JSON.stringify({ document: [ada.id] }),
    });
    const client = connectProvider(server.syncUrl, docId, { token: ada.docToken });
    await whenSynced(client);
    const sections = (
      (await (await authedFetch(ada, `${server.url}/api/docs/${docId}/sections`)).json()) as {
        sections: Array<{ id: string; title: string; contentHash: string }>;
      }
    ).sections;
    const context = sections.find((s) => s.title === 'Context') as (typeof sections)[number];
    const signed = await authedFetch(ada, `${server.url}/api/docs/${docId}/signoffs`, {
      method: 'POST',
      body: JSON.stringify({
        sectionId: context.id,
        verdict: 'approve',
        contentHash: context.contentHash,
      }),
    });
    expect(signed.status).toBe(201);
    const stale = () =>
      hookOn.received.filter((r) => r.headers['ratify-event'] === 'section.stale');
    const blocks = contentFragment(client.doc).toArray() as Y.XmlElement[];
    const textAfter = (title: string) => {
      const at = blocks.findIndex((b) => b.nodeName === 'heading' && b.toString().includes(title));
      return (blocks[at + 1] as Y.XmlElement).get(0) as Y.XmlText;
    };

    // An edit elsewhere (Decision has no sign-off) sends nothing; then Context changes.
    textAfter('Decision').insert(0, 'Managed ');
    textAfter('Context').insert(0, 'Not ');
    await until(() => stale().length >= 1, onTick(), 5000, 'section.stale to arrive');
    const payload = JSON.parse(stale()[0]?.body ?? '{}') as {
      event: string;
      data: { sections: Array<Record<string, unknown>> };
    };
    expect(payload.event).toBe('section.stale');
    expect(payload.data.sections).toEqual([
      {
        sectionId: context.id,
        title: 'Context',
        contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        signoffs: [{ seq: 1, signerId: ada.id, verdict: 'approve' }],
      },
    ]);
    expect(payload.data.sections[0]?.contentHash).not.toBe(context.contentHash);

    // More edits while stale send nothing more; the revert (one update) makes it current, which
    // the server counts; a new edit is stale again and is sent again.
    await untilMetric(server, 'ratify_stale_signoffs', (v) => v === 1);
    textAfter('Context').insert(4, 'really ');
    textAfter('Context').delete(0, 11);
    await untilMetric(server, 'ratify_stale_signoffs', (v) => v === 0);
    expect(stale().length).toBe(1);
    textAfter('Context').insert(0, 'Old ');
    await until(() => stale().length >= 2, onTick(), 5000, 'the second section.stale');
    expect(stale().length).toBe(2);
  });
});
