// The owner chooses how far the next approval moves the version: minor (1.0 → 1.1) unless they
// choose major (→ 2.0) for the next one.
import { contentFragment, yDocToMarkdown } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectProvider,
  createDoc,
  docCall,
  docOwner,
  newMember,
  onDocUpdates,
  onTick,
  reviewEvents,
  startServer,
  until,
  whenSynced,
} from './helpers.js';

const call = docCall;

describe('approval version step', () => {
  it('[SO10] an owner makes the next approval a major version; it is pushed, used once, then minor again', async () => {
    const server = await startServer();
    const owner = await docOwner(server);
    // The template has the change log the approvals write their rows into.
    const docId = await createDoc(server, { template: 'technical-architecture-framework' });
    const ada = await newMember(server, docId, 'editor', 'Ada');
    await call(server, owner, 'PUT', `${docId}/reviewers`, { document: [ada.id], sections: {} });
    const adaClient = connectProvider(server.syncUrl, docId, { token: ada.docToken, review: '1' });
    await whenSynced(adaClient);
    const pushed = reviewEvents(adaClient);
    const approval = async () => (await call(server, owner, 'GET', `${docId}/approval`)).body;
    const approveAll = async () => {
      const { sections } = (await call(server, ada, 'GET', `${docId}/sections`)).body as {
        sections: Array<{ id: string; contentHash: string }>;
      };
      const signed = await call(server, ada, 'POST', `${docId}/signoffs`, {
        verdict: 'approve',
        sections: sections.map((s) => ({ sectionId: s.id, contentHash: s.contentHash })),
      });
      expect(signed.status).toBe(201);
    };
    const untilVersion = async (version: string) => {
      let history: Array<{ version: string }> = [];
      await until(
        () => history.some((a) => a.version === version),
        (notify) =>
          onTick(20)(async () => {
            history = (await approval()).history as typeof history;
            notify();
          }),
        5000,
        `approval ${version} to be recorded`,
      );
    };

    expect(await approval()).toMatchObject({ nextStep: 'minor', nextVersion: '1.0' });
    await approveAll();
    await untilVersion('1.0');
    expect(await approval()).toMatchObject({ nextStep: 'minor', nextVersion: '1.1' });

    // Only owners choose; bad input is a 400 and changes nothing.
    expect(
      (await call(server, ada, 'PUT', `${docId}/approval/next`, { step: 'major' })).status,
    ).toBe(403);
    expect(
      (await call(server, owner, 'PUT', `${docId}/approval/next`, { step: 'huge' })).status,
    ).toBe(400);
    expect((await approval()).nextStep).toBe('minor');

    const chosen = await call(server, owner, 'PUT', `${docId}/approval/next`, { step: 'major' });
    expect(chosen).toEqual({ status: 200, body: { nextStep: 'major', nextVersion: '2.0' } });
    await until(
      () => pushed.some((e) => e.kind === 'versionStep'),
      onTick(),
      5000,
      'the version step to be pushed',
    );
    expect(pushed.find((e) => e.kind === 'versionStep')).toEqual({
      kind: 'versionStep',
      step: 'major',
      nextVersion: '2.0',
    });

    // A change, approved again: recorded as 2.0 in the change log; the next one is 2.1.
    const heading = contentFragment(adaClient.doc)
      .toArray()
      .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'heading')
      .find((n) => Number(n.getAttribute('level')) !== 1 && n.length > 0) as Y.XmlElement;
    (heading.get(0) as Y.XmlText).insert(0, 'Edited: ');
    let state = '';
    await until(
      () => state === 'in_review',
      (notify) =>
        onTick(20)(async () => {
          state = String((await approval()).state);
          notify();
        }),
      5000,
      'the edit to put the document back in review',
    );
    await approveAll();
    await untilVersion('2.0');
    await until(
      () => /\|\s*2\.0\s*\|/.test(yDocToMarkdown(adaClient.doc)),
      onDocUpdates(adaClient.doc),
      5000,
      'the 2.0 change-log row',
    );
    expect(await approval()).toMatchObject({ nextStep: 'minor', nextVersion: '2.1' });
  });
});
