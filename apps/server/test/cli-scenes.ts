// Scenes the CLI tests act on: documents on a real server process with sign-offs, and a client
// typing into one with saved acknowledgements.
import { MessageType, YDOC_CONTENT_FIELD } from '@ratify/schema';
import { expect } from 'vitest';
import * as Y from 'yjs';
import {
  apiCall,
  connectProvider,
  mintDocToken,
  onTick,
  signUp,
  type TestAccount,
  type TestClient,
  until,
  whenSynced,
} from './helpers.js';
import type { RatifyProcess } from './processes.js';

export const MARKDOWN =
  '# Payments review\n\n## Context\n\nThe ledger.\n\n- Owner: Ada\n\n## Decision\n\n- [ ] Load balancing\n\nUse queues.\n';

/** Typing may outrun the default per-connection limits; these tests are about storage. */
export const FAST = { RATE_LIMIT_PER_SEC: '100000', RATE_LIMIT_BURST: '100000' };

/** A ProseMirror paragraph as Yjs stores it. */
export function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

/** A provider that also takes saved acknowledgements quietly (y-websocket does not know them). */
export function ackingClient(server: RatifyProcess, docId: string, token: string): TestClient {
  const client = connectProvider(server.syncUrl, docId, { token, ack: '1' });
  client.provider.messageHandlers[MessageType.savedAck] = () => {};
  return client;
}

/** Wait until everything `client` sent is saved. */
export function untilSaved(client: TestClient, what = 'the edits to be saved'): Promise<void> {
  return until(() => client.acks.saved === client.acks.sent, onTick(), 5000, what);
}

/**
 * A reviewer (a new editor, Ada) signs off every section of `docId` while present; resolves
 * with the number of records written.
 */
export async function signOffAll(
  server: RatifyProcess,
  owner: TestAccount,
  docId: string,
): Promise<number> {
  const ada = await signUp(server, 'Ada');
  const member = await apiCall(server, owner, 'POST', `docs/${docId}/members`, {
    email: ada.email,
    role: 'editor',
  });
  expect(member.status).toBe(201);
  const reviewers = await apiCall(server, owner, 'PUT', `docs/${docId}/reviewers`, {
    document: [ada.id],
    sections: {},
  });
  expect(reviewers.status).toBe(200);
  const adaClient = connectProvider(server.syncUrl, docId, {
    token: await mintDocToken(server, ada, docId),
  });
  await whenSynced(adaClient);
  const sections = (await apiCall(server, ada, 'GET', `docs/${docId}/sections`)).body
    .sections as Array<{ id: string; contentHash: string }>;
  const signed = await apiCall(server, ada, 'POST', `docs/${docId}/signoffs`, {
    verdict: 'approve',
    sections: sections.map((s) => ({ sectionId: s.id, contentHash: s.contentHash })),
  });
  expect(signed.status).toBe(201);
  adaClient.provider.destroy();
  return (signed.body.records as unknown[]).length;
}

/** The owner (the administrator) and a document of theirs that a reviewer signed off. */
export async function reviewedDoc(server: RatifyProcess) {
  const owner = await signUp(server, 'Owner');
  const created = await apiCall(server, owner, 'POST', 'docs', { markdown: MARKDOWN });
  expect(created.status).toBe(201);
  const docId = created.body.id as string;
  return { owner, docId, records: await signOffAll(server, owner, docId) };
}

/**
 * A client of `owner` appending paragraphs ("typed 0", "typed 1" …) as fast as they are saved
 * (at most 4 unsaved), until stopped or `max` are typed: each local update, in the order sent.
 */
export async function typist(server: RatifyProcess, owner: TestAccount, docId: string, max = 3000) {
  const docToken = await mintDocToken(server, owner, docId);
  const client = ackingClient(server, docId, docToken);
  await whenSynced(client);
  await untilSaved(client, 'the connect-time sync to be saved');
  // Frames sent on this socket before typing; local update i is frame base + i + 1.
  const base = client.acks.sent;
  const local: Uint8Array[] = [];
  client.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== client.provider) local.push(update);
  });
  const fragment = client.doc.getXmlFragment(YDOC_CONTENT_FIELD);
  let typing = true;
  const done = (async () => {
    for (let n = 0; typing && n < max; n++) {
      fragment.insert(fragment.length, [paragraph(`typed ${n}`)]);
      await until(
        () => client.acks.sent - client.acks.saved <= 4,
        onTick(1),
        5000,
        'the typed paragraphs to be saved',
      );
    }
  })();
  return {
    docToken,
    local,
    /** How many local updates the server has acknowledged as saved. */
    savedUpdates: () => client.acks.saved - base,
    /** Frames sent on this socket: equal to local.length unless it reconnected. */
    sentFrames: () => client.acks.sent - base,
    stop: async () => {
      typing = false;
      await done;
    },
  };
}
