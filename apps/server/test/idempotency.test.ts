// Request ids: a sign-off or comment sent again with the same Idempotency-Key (a retry after a
// lost response) is applied once, and the retry gets the first response back.
import { describe, expect, it } from 'vitest';
import {
  authedFetch,
  connectProvider,
  createDoc,
  docOwner,
  newMember,
  startServer,
  type TestAccount,
  type TestServer,
  whenSynced,
} from './helpers.js';

const MARKDOWN = '# Payments review\n\n## Context\n\nThe ledger.\n\n## Decision\n\nUse queues.\n';

async function send(
  server: TestServer,
  account: TestAccount,
  path: string,
  body: unknown,
  key?: string,
) {
  const res = await authedFetch(account, `${server.url}/api/docs/${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: key === undefined ? {} : { 'Idempotency-Key': key },
  });
  return {
    status: res.status,
    replayed: res.headers.get('idempotent-replayed'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

async function scene() {
  const server = await startServer();
  const owner = await docOwner(server);
  const docId = await createDoc(server, { markdown: MARKDOWN });
  const ada = await newMember(server, docId, 'editor', 'Ada');
  const put = await authedFetch(owner, `${server.url}/api/docs/${docId}/reviewers`, {
    method: 'PUT',
    body: JSON.stringify({ document: [ada.id], sections: {} }),
  });
  expect(put.status).toBe(200);
  const res = await authedFetch(owner, `${server.url}/api/docs/${docId}/sections`);
  const { sections } = (await res.json()) as {
    sections: Array<{ id: string; contentHash: string }>;
  };
  const client = connectProvider(server.syncUrl, docId, { token: ada.docToken });
  await whenSynced(client);
  return { server, owner, docId, ada, sections };
}

describe('request ids (Idempotency-Key)', () => {
  it('[RQ3] a retried sign-off is recorded once and answered with the first response; a key reused for another request is refused', async () => {
    const { server, docId, ada, sections } = await scene();
    const [first] = sections as [{ id: string; contentHash: string }];
    const request = { verdict: 'approve', sectionId: first.id, contentHash: first.contentHash };
    const a = await send(server, ada, `${docId}/signoffs`, request, 'retry-1');
    const b = await send(server, ada, `${docId}/signoffs`, request, 'retry-1');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.replayed, b.replayed]).toEqual([null, 'true']);
    expect(b.body).toEqual(a.body);
    expect(await server.reviews.listSignoffs(docId)).toHaveLength(1);

    const other = await send(
      server,
      ada,
      `${docId}/signoffs`,
      { ...request, verdict: 'changes_requested' },
      'retry-1',
    );
    expect(other.status).toBe(422);
    expect((other.body.error as { code: string }).code).toBe('idempotency_key_reused');
    const bad = await send(server, ada, `${docId}/signoffs`, request, 'has space');
    expect(bad.status).toBe(400);
    expect(await server.reviews.listSignoffs(docId)).toHaveLength(1);

    // Retries racing the first attempt: one runs, the others are answered 409 or replayed.
    const racing = await Promise.all(
      [1, 2, 3].map(() => send(server, ada, `${docId}/signoffs`, request, 'race')),
    );
    const statuses = racing.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(racing.filter((r) => r.status === 201 && r.replayed === null)).toHaveLength(1);
    expect(await server.reviews.listSignoffs(docId)).toHaveLength(2);

    // A refused attempt keeps nothing under its key: the corrected retry runs.
    const stale = await send(
      server,
      ada,
      `${docId}/signoffs`,
      { ...request, contentHash: 'sha256:0000' },
      'fixed',
    );
    expect(stale.status).toBeGreaterThanOrEqual(400);
    const again = await send(
      server,
      ada,
      `${docId}/signoffs`,
      { ...request, contentHash: 'sha256:0000' },
      'fixed',
    );
    expect(again.status).toBe(stale.status);
    expect(again.replayed).toBeNull();
  });

  it('[RQ4] a retried new thread or reply is written once; keys are per account', async () => {
    const { server, owner, docId, ada, sections } = await scene();
    const first = sections[0] as { id: string };
    const thread = { sectionId: first.id, body: 'Which ledger?' };
    const a = await send(server, ada, `${docId}/comments`, thread, 'c-1');
    const b = await send(server, ada, `${docId}/comments`, thread, 'c-1');
    expect([a.status, b.status, b.replayed]).toEqual([201, 201, 'true']);
    expect(b.body).toEqual(a.body);
    const threadId = (a.body as { thread: { id: string } }).thread.id;
    const reply = { body: 'The payments one.' };
    const r1 = await send(server, owner, `${docId}/comments/${threadId}/replies`, reply, 'c-1');
    const r2 = await send(server, owner, `${docId}/comments/${threadId}/replies`, reply, 'c-1');
    expect([r1.status, r2.status, r1.replayed, r2.replayed]).toEqual([201, 201, null, 'true']);
    const threads = await server.comments.listThreads(docId);
    expect(threads).toHaveLength(1);
    expect(threads[0]?.comments.map((c) => c.body)).toEqual(['Which ledger?', 'The payments one.']);
  });
});
