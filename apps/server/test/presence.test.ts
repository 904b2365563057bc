// "Present" for a sign-off means there at that moment: an open socket whose client vanished
// without closing it (it no longer answers) does not count.
import { describe, expect, it } from 'vitest';
import {
  authedFetch,
  connectProvider,
  createDoc,
  docOwner,
  newMember,
  openRaw,
  startServer,
  whenSynced,
} from './helpers.js';

const MARKDOWN = '# Payments review\n\n## Context\n\nThe ledger.\n';

describe('presence at sign-off', () => {
  it('[SO11] a reviewer whose connection stopped answering is not present; one that answers is', async () => {
    // Every sign-off asks the signer's connections for proof of life (nothing counts as fresh).
    const server = await startServer({ presenceFreshMs: 0, presenceTimeoutMs: 300 });
    const owner = await docOwner(server);
    const docId = await createDoc(server, { markdown: MARKDOWN });
    const ada = await newMember(server, docId, 'editor', 'Ada');
    await authedFetch(owner, `${server.url}/api/docs/${docId}/reviewers`, {
      method: 'PUT',
      body: JSON.stringify({ document: [ada.id], sections: {} }),
    });
    const { sections } = (await (
      await authedFetch(ada, `${server.url}/api/docs/${docId}/sections`)
    ).json()) as { sections: Array<{ id: string; contentHash: string }> };
    const section = sections[0] as { id: string; contentHash: string };
    const signOff = async () => {
      const res = await authedFetch(ada, `${server.url}/api/docs/${docId}/signoffs`, {
        method: 'POST',
        body: JSON.stringify({
          sectionId: section.id,
          verdict: 'approve',
          contentHash: section.contentHash,
        }),
      });
      return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
    };

    // A socket that is open but whose client answers nothing (no pongs, no frames).
    const silent = await openRaw(`${server.syncUrl}/${docId}?token=${ada.docToken}`, {
      autoPong: false,
    });
    await silent.nextFrame(() => true, 5000, 'the server to greet the silent socket');
    expect(server.hub.presentUserIds(docId).has(ada.id)).toBe(true);
    expect(await signOff()).toMatchObject({
      status: 409,
      body: { error: { code: 'not_present' } },
    });
    expect(await server.reviews.listSignoffs(docId)).toEqual([]);

    // A client that is there answers the ping, and the same sign-off is accepted.
    const live = connectProvider(server.syncUrl, docId, { token: ada.docToken });
    await whenSynced(live);
    expect((await signOff()).status).toBe(201);
    expect((await server.reviews.listSignoffs(docId)).map((r) => r.signerId)).toEqual([ada.id]);
  });
});
