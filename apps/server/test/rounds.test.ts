// A sign-off round closes by itself once every reviewer who attended has answered.
import { describe, expect, it } from 'vitest';
import {
  connectProvider,
  createDoc,
  docCall,
  docOwner,
  newMember,
  onTick,
  reviewEvents,
  startServer,
  until,
  whenSynced,
} from './helpers.js';

const MARKDOWN = '# Payments review\n\n## Context\n\nThe ledger.\n\n## Decision\n\nUse queues.\n';

describe('sign-off rounds', () => {
  it('[SO13] a round ends when every attending reviewer has a current verdict on each section they cover; its record keeps who was there', async () => {
    const server = await startServer();
    const owner = await docOwner(server);
    const docId = await createDoc(server, { markdown: MARKDOWN });
    const ada = await newMember(server, docId, 'editor', 'Ada');
    const bob = await newMember(server, docId, 'commenter', 'Bob');
    const sec = await newMember(server, docId, 'commenter', 'Sec');
    const { sections } = (await docCall(server, owner, 'GET', `${docId}/sections`)).body as {
      sections: Array<{ id: string; title: string; contentHash: string }>;
    };
    const decision = sections.find((s) => s.title === 'Decision');
    if (decision === undefined) throw new Error('no Decision section');
    // Ada and Bob cover every other section (the title's too).
    const theirs = sections
      .filter((s) => s !== decision)
      .map((s) => ({ sectionId: s.id, contentHash: s.contentHash }));
    // Sec covers Decision only, and is not in the meeting.
    await docCall(server, owner, 'PUT', `${docId}/reviewers`, {
      document: [ada.id, bob.id],
      sections: { [decision.id]: [sec.id] },
    });
    const watcher = connectProvider(server.syncUrl, docId, { review: '1' });
    const adaClient = connectProvider(server.syncUrl, docId, { token: ada.docToken });
    const bobClient = connectProvider(server.syncUrl, docId, { token: bob.docToken });
    await Promise.all([watcher, adaClient, bobClient].map((c) => whenSynced(c)));
    const pushed = reviewEvents(watcher);
    const started = await docCall(server, owner, 'POST', `${docId}/rounds`);
    expect(started.status).toBe(201);
    const roundId = (started.body.round as { id: string }).id;

    // Ada answers hers; Bob has not: the round stays open.
    expect(
      (
        await docCall(server, ada, 'POST', `${docId}/signoffs`, {
          verdict: 'approve',
          sections: theirs,
        })
      ).status,
    ).toBe(201);
    await until(
      () => pushed.some((e) => e.kind === 'signoffs'),
      onTick(),
      5000,
      "Ada's sign-off to be pushed",
    );
    expect((await server.reviews.currentRound(docId))?.id).toBe(roundId);

    // Bob requests changes: that is an answer too. Everyone here has answered; Sec, absent, is
    // not waited for.
    const bobSigned = await docCall(server, bob, 'POST', `${docId}/signoffs`, {
      verdict: 'changes_requested',
      sections: theirs,
      comment: 'Name the ledger.',
    });
    expect(bobSigned.status).toBe(201);
    await until(
      () => pushed.some((e) => e.kind === 'round' && e.round === null),
      onTick(),
      5000,
      'the answered round to close and be pushed',
    );
    expect(await server.reviews.currentRound(docId)).toBeNull();
    const { entries } = (await docCall(server, owner, 'GET', `${docId}/audit?limit=50`)).body as {
      entries: Array<{ action: string; detail: Record<string, unknown> | null }>;
    };
    expect(entries.find((e) => e.action === 'round_ended')?.detail).toEqual({
      round: roundId,
      reason: 'answered',
    });
    expect(entries.find((e) => e.action === 'round_started')?.detail?.attendees).toEqual(
      expect.arrayContaining([ada.id, bob.id, owner.id]),
    );
    const { records } = (await docCall(server, owner, 'GET', `${docId}/signoffs`)).body as {
      records: Array<{ roundId: string | null }>;
    };
    expect(records.map((r) => r.roundId)).toEqual(theirs.flatMap(() => [roundId, roundId]));
  });
});
