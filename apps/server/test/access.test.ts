import { CloseCode, MessageType } from '@ratify/schema';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SqliteStorage } from '../src/storage/sqlite.js';
import {
  authedFetch,
  connectProvider,
  createDoc,
  docOwner,
  mintDocToken,
  newMember,
  onCleanup,
  onTick,
  openRaw,
  signUp,
  startServer,
  TEST_PASSWORD,
  type TestClient,
  type TestServer,
  until,
  upgradeStatus,
  whenSynced,
  within,
} from './helpers.js';

/** Resolves with the close code and reason of the provider's next close. */
function nextClose(client: TestClient): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const onClose = (event: { code: number; reason: string } | null) => {
      if (event === null) return;
      client.provider.off('connection-close', onClose);
      resolve({ code: event.code, reason: event.reason });
    };
    client.provider.on('connection-close', onClose);
  });
}

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

/** A signed-in browser session: its cookie, from a real sign-in. */
async function cookieOf(server: TestServer, email: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 200 || cookie === null) throw new Error(`login: ${res.status}`);
  return cookie.split(';')[0] as string;
}

describe('websocket authentication', () => {
  it('[WS1] missing, malformed, expired, wrongly signed and other-document tokens are refused at the upgrade, with nothing sent', async () => {
    const server = await startServer();
    const docId = await createDoc(server);
    const other = await createDoc(server);
    const owner = await docOwner(server);
    const url = `${server.syncUrl}/${docId}`;
    const good = await mintDocToken(server, owner, docId);

    expect(await upgradeStatus(url)).toEqual({ status: 401, body: 'sign in first' });
    expect(await upgradeStatus(`${url}?token=not-a-token`)).toEqual({
      status: 401,
      body: 'the token is not valid',
    });
    const forOther = await mintDocToken(server, owner, other);
    expect(await upgradeStatus(`${url}?token=${forOther}`)).toEqual({
      status: 403,
      body: 'the token is for another document',
    });
    // Signed with another secret (a forgery), and one that expired: both carry the same claims.
    const claims = { doc: docId, sid: 'x' };
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(owner.id)
      .setIssuer('ratify')
      .setAudience('ratify-sync')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    expect(await upgradeStatus(`${url}?token=${forged}`)).toEqual({
      status: 401,
      body: 'the token is not valid',
    });
    const tampered = `${good.slice(0, -4)}${good.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect((await upgradeStatus(`${url}?token=${tampered}`)).status).toBe(401);
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await server.docTokens.issue(
      { userId: owner.id, docId, credentialId: 'x' },
      past * 1000,
    );
    expect(await upgradeStatus(`${url}?token=${expired.token}`)).toEqual({
      status: 401,
      body: 'the token has expired',
    });
    // A token from a credential that ended (sign-out) no longer opens anything.
    const member = await newMember(server, docId, 'editor');
    await authedFetch(member, `${server.url}/api/auth/logout`, { method: 'POST' });
    expect(await upgradeStatus(`${url}?token=${member.docToken}`)).toEqual({
      status: 401,
      body: 'the sign-in that issued the token has ended',
    });
    // A non-member's own valid token (for a document they may open) does not open this one,
    // and their bearer credential gets the same answer as for an id that does not exist.
    const stranger = await signUp(server, 'Stranger');
    expect(await upgradeStatus(url, { authorization: `Bearer ${stranger.token}` })).toEqual({
      status: 404,
      body: 'document not found',
    });

    // The good token works as the `token` query parameter and as a subprotocol.
    const viaQuery = connectProvider(server.syncUrl, docId, { token: good });
    await whenSynced(viaQuery);
    const viaProtocol = new WebSocket(url, [good]);
    onCleanup(() => viaProtocol.terminate());
    await within(
      new Promise((resolve, reject) => {
        viaProtocol.once('open', resolve);
        viaProtocol.once('error', reject);
      }),
      5000,
      'the socket with the token as its subprotocol to open',
    );
    expect(viaProtocol.protocol).toBe(good);
  });

  it('[WS2] a browser cookie opens the socket only from an allowed origin (no cross-site WebSocket hijacking)', async () => {
    const server = await startServer();
    const docId = await createDoc(server);
    const owner = await docOwner(server);
    const cookie = await cookieOf(server, owner.email);
    const url = `${server.syncUrl}/${docId}`;
    expect(await upgradeStatus(url, { cookie, origin: 'https://evil.example' })).toEqual({
      status: 403,
      body: 'origin https://evil.example is not allowed',
    });
    const own = await openRaw(url, { headers: { cookie, origin: server.url } });
    own.send(new Uint8Array([MessageType.sync, 0, 1, 0]));
    await own.nextFrame((f) => f[0] === MessageType.sync, 5000, 'the document');

    // ALLOWED_ORIGINS replaces the default (the server's own origin).
    const configured = await startServer({ allowedOrigins: ['https://ratify.example'] });
    const doc2 = await createDoc(configured);
    const cookie2 = await cookieOf(configured, (await docOwner(configured)).email);
    const url2 = `${configured.syncUrl}/${doc2}`;
    expect((await upgradeStatus(url2, { cookie: cookie2, origin: configured.url })).status).toBe(
      403,
    );
    await openRaw(url2, { headers: { cookie: cookie2, origin: 'https://ratify.example' } });
  });
});

describe('access changes reach open connections', () => {
  it('[WS3] a downgraded editor is closed within a second with 4403 and comes back read-only; removal and sign-out close too', async () => {
    const server = await startServer();
    const docId = await createDoc(server);
    const owner = await docOwner(server);
    const eve = await newMember(server, docId, 'editor', 'Eve');
    const client = connectProvider(server.syncUrl, docId, { token: eve.docToken });
    await whenSynced(client);
    const room = () => server.hub.liveRoom(docId);
    const eveConnections = () =>
      [...(room()?.connections ?? [])].filter((c) => c.principal.userId === eve.id);
    expect(eveConnections().map((c) => c.principal.role)).toEqual(['editor']);

    const closed = nextClose(client);
    const changedAt = performance.now();
    const res = await authedFetch(owner, `${server.url}/api/docs/${docId}/members/${eve.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ role: 'viewer' }),
    });
    expect(res.status).toBe(200);
    expect(await closed).toEqual({ code: CloseCode.forbidden, reason: 'your role changed' });
    expect(performance.now() - changedAt).toBeLessThan(1000);

    // The next connection is a viewer's: its edits are refused.
    const again = connectProvider(server.syncUrl, docId, {
      token: await mintDocToken(server, eve, docId),
    });
    await whenSynced(again);
    expect(eveConnections().map((c) => c.principal.role)).toEqual(['viewer']);
    const refused = nextClose(again);
    again.doc.getText('notes').insert(0, 'typed after the downgrade');
    expect((await refused).code).toBe(CloseCode.forbidden);
    expect(room()?.doc.getText('notes').toString()).toBe('');
    again.provider.disconnect();

    // Removal: closed with 4403, and no new connection.
    const third = connectProvider(server.syncUrl, docId, {
      token: await mintDocToken(server, eve, docId),
    });
    await whenSynced(third);
    const removedClose = nextClose(third);
    await authedFetch(owner, `${server.url}/api/docs/${docId}/members/${eve.id}`, {
      method: 'DELETE',
    });
    expect(await removedClose).toEqual({
      code: CloseCode.forbidden,
      reason: 'your access was removed',
    });
    third.provider.disconnect();
    expect(
      (await upgradeStatus(`${server.syncUrl}/${docId}`, { authorization: `Bearer ${eve.token}` }))
        .status,
    ).toBe(404);

    // Signing out ends the connections that sign-in opened, with 4401.
    const ownerSocket = connectProvider(server.syncUrl, docId);
    await whenSynced(ownerSocket);
    const signedOut = nextClose(ownerSocket);
    await authedFetch(owner, `${server.url}/api/auth/logout`, { method: 'POST' });
    expect(await signedOut).toEqual({ code: CloseCode.unauthorized, reason: 'signed out' });
  });

  it('[WS5] a connection ends with 4401 when the sign-in it came with expires', async () => {
    const server = await startServer({ pingIntervalMs: 100 });
    const docId = await createDoc(server);
    const member = await newMember(server, docId, 'editor', 'Ephemeral');
    // The session behind the member's token runs out shortly after the connection opens.
    const tokenId = (await server.accounts.listTokens(member.id, 'session'))[0]?.id;
    const storage = server.storage as SqliteStorage;
    storage.database
      .prepare('UPDATE tokens SET expires_at = ? WHERE id = ?')
      .run(Date.now() + 3000, tokenId);
    const client = connectProvider(server.syncUrl, docId, { token: member.docToken });
    const closing = nextClose(client);
    await whenSynced(client);
    const closed = await within(closing, 8000, 'the expired sign-in to end the socket');
    expect(closed).toEqual({ code: CloseCode.unauthorized, reason: 'the sign-in has expired' });
  });

  it('[WS4] presence names the account: a client cannot present itself as someone else', async () => {
    const server = await startServer();
    const docId = await createDoc(server);
    const mallory = await newMember(server, docId, 'viewer', 'Mallory');
    const watcher = connectProvider(server.syncUrl, docId);
    const client = connectProvider(server.syncUrl, docId, { token: mallory.docToken });
    await Promise.all([whenSynced(watcher), whenSynced(client)]);
    const owner = await docOwner(server);
    client.provider.awareness.setLocalStateField('user', {
      id: owner.id,
      name: 'Owner',
      color: '#000000',
    });
    const seen = () => watcher.provider.awareness.getStates().get(client.doc.clientID)?.user;
    await until(() => seen() !== undefined, onTick(), 5000, "the watcher to see Mallory's state");
    expect(seen()).toMatchObject({ id: mallory.id, name: 'Mallory' });
    expect(seen()?.color).not.toBe('#000000');
  });
});

describe('members, share links and the audit trail over REST', () => {
  it('[MB1] owners manage members; the list shows only what each user can open; ids cannot be probed', async () => {
    const server = await startServer();
    const owner = await docOwner(server); // the first account: also the administrator
    const docId = await createDoc(server, { title: 'Members' });
    const ada = await signUp(server, 'Ada');
    const bob = await signUp(server, 'Bob');
    const base = `${server.url}/api/docs/${docId}`;

    expect((await fetch(`${base}/members`)).status).toBe(401);
    // Not a member: 404 on everything, as for a document that does not exist.
    for (const [path, method] of [
      ['', 'GET'],
      ['/members', 'GET'],
      ['/export.md', 'GET'],
      ['/token', 'POST'],
      ['', 'DELETE'],
    ] as const) {
      expect((await authedFetch(ada, `${base}${path}`, { method })).status, path).toBe(404);
    }
    expect(
      (await json(await authedFetch(ada, `${server.url}/api/docs`))).docs as unknown[],
    ).toEqual([]);

    const add = await authedFetch(owner, `${base}/members`, {
      method: 'POST',
      body: JSON.stringify({ email: ada.email.toUpperCase(), role: 'editor' }),
    });
    expect(add.status).toBe(201);
    expect((await json(add)).member).toMatchObject({ userId: ada.id, role: 'editor' });
    const unknown = await authedFetch(owner, `${base}/members`, {
      method: 'POST',
      body: JSON.stringify({ email: 'nobody@example.test', role: 'viewer' }),
    });
    expect([unknown.status, ((await json(unknown)).error as { code: string }).code]).toEqual([
      422,
      'unknown_email',
    ]);
    const twice = await authedFetch(owner, `${base}/members`, {
      method: 'POST',
      body: JSON.stringify({ email: ada.email, role: 'viewer' }),
    });
    expect(twice.status).toBe(409);
    const badRole = await authedFetch(owner, `${base}/members`, {
      method: 'POST',
      body: JSON.stringify({ email: bob.email, role: 'god' }),
    });
    expect(badRole.status).toBe(400);

    // An editor reads the member list but manages nothing.
    const listed = (await json(await authedFetch(ada, `${base}/members`))).members as Array<{
      userId: string;
      role: string;
    }>;
    expect(listed.map((m) => [m.userId, m.role])).toEqual([
      [owner.id, 'owner'],
      [ada.id, 'editor'],
    ]);
    const editorAdds = await authedFetch(ada, `${base}/members`, {
      method: 'POST',
      body: JSON.stringify({ email: bob.email, role: 'owner' }),
    });
    expect(editorAdds.status).toBe(403);
    expect((await authedFetch(ada, base, { method: 'DELETE' })).status).toBe(403);
    const adaList = (await json(await authedFetch(ada, `${server.url}/api/docs`))).docs;
    expect(adaList).toMatchObject([{ id: docId, title: 'Members', role: 'editor' }]);

    // The last owner cannot leave or be demoted; with a second owner they can.
    const demote = await authedFetch(owner, `${base}/members/${owner.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ role: 'editor' }),
    });
    expect([demote.status, ((await json(demote)).error as { code: string }).code]).toEqual([
      409,
      'last_owner',
    ]);
    await authedFetch(owner, `${base}/members/${ada.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ role: 'owner' }),
    });
    expect(
      (await authedFetch(ada, `${base}/members/${owner.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    // The administrator still sees every document, as a viewer.
    expect((await json(await authedFetch(owner, `${server.url}/api/docs`))).docs).toMatchObject([
      { id: docId, role: 'viewer' },
    ]);
    expect((await authedFetch(owner, base, { method: 'DELETE' })).status).toBe(403);
    // A member may leave by themselves.
    await authedFetch(ada, `${base}/members`, {
      method: 'POST',
      body: JSON.stringify({ email: bob.email, role: 'commenter' }),
    });
    expect((await authedFetch(bob, `${base}/members/${bob.id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await authedFetch(bob, base)).status).toBe(404);
  });

  it('[MB2] share links grant their role until they expire or are revoked; revoking ends that access and its connections', async () => {
    const server = await startServer();
    const owner = await docOwner(server);
    const docId = await createDoc(server, { title: 'Shared' });
    const base = `${server.url}/api/docs/${docId}`;
    const created = await authedFetch(owner, `${base}/invites`, {
      method: 'POST',
      body: JSON.stringify({ role: 'commenter', expiresInHours: 24 }),
    });
    expect(created.status).toBe(201);
    const invite = (await json(created)) as { id: string; url: string; role: string };
    expect(invite.url).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]{40,}$`));
    const secret = invite.url.split('/').at(-1) as string;
    const ownerToShare = await authedFetch(owner, `${base}/invites`, {
      method: 'POST',
      body: JSON.stringify({ role: 'owner', expiresInHours: 24 }),
    });
    expect(ownerToShare.status).toBe(400);

    const cy = await signUp(server, 'Cy');
    expect((await fetch(`${server.url}/api/invites/${secret}`)).status).toBe(401);
    expect(await json(await authedFetch(cy, `${server.url}/api/invites/${secret}`))).toMatchObject({
      docId,
      title: 'Shared',
      role: 'commenter',
    });
    expect((await authedFetch(cy, `${server.url}/api/invites/nope`)).status).toBe(404);
    const accepted = await authedFetch(cy, `${server.url}/api/invites/${secret}/accept`, {
      method: 'POST',
    });
    expect(await json(accepted)).toEqual({ docId, role: 'commenter' });
    // A share link never lowers a stronger role.
    expect(
      await json(
        await authedFetch(owner, `${server.url}/api/invites/${secret}/accept`, { method: 'POST' }),
      ),
    ).toEqual({ docId, role: 'owner' });

    const cyToken = await mintDocToken(server, cy, docId);
    const client = connectProvider(server.syncUrl, docId, { token: cyToken });
    await whenSynced(client);
    const closed = nextClose(client);
    expect(
      (await authedFetch(owner, `${base}/invites/${invite.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect(await closed).toEqual({ code: CloseCode.forbidden, reason: 'your access was removed' });
    client.provider.disconnect();
    expect((await authedFetch(cy, base)).status).toBe(404);
    expect((await authedFetch(cy, `${server.url}/api/invites/${secret}`)).status).toBe(410);
    expect(
      (await authedFetch(owner, `${base}/invites/${invite.id}`, { method: 'DELETE' })).status,
    ).toBe(404);
    const list = (await json(await authedFetch(owner, `${base}/invites`))).invites as Array<{
      revokedAt: string | null;
    }>;
    expect(list[0]?.revokedAt).toEqual(expect.any(String));

    // An expired link is refused with 410.
    const shortLived = await server.accounts.createInvite({
      id: 'old',
      docId,
      role: 'viewer',
      createdBy: owner.id,
      createdAt: Date.now() - 7200_000,
      expiresAt: Date.now() - 3600_000,
      secretHash: (await import('../src/auth/sessions.js')).hashSecret('old-secret'),
    });
    expect(shortLived.id).toBe('old');
    const late = await authedFetch(cy, `${server.url}/api/invites/old-secret/accept`, {
      method: 'POST',
    });
    expect([late.status, ((await json(late)).error as { code: string }).code]).toEqual([
      410,
      'invite_expired',
    ]);
  });

  it('[MB3] the audit trail records joins, leaves, refusals, member and link changes, exports and deletion; owners read it paged', async () => {
    const server = await startServer();
    const owner = await docOwner(server);
    const docId = await createDoc(server, { markdown: '# Audited\n' });
    const base = `${server.url}/api/docs/${docId}`;
    const viewer = await newMember(server, docId, 'viewer', 'Val');
    const client = connectProvider(server.syncUrl, docId, { token: viewer.docToken });
    await whenSynced(client);
    const refused = nextClose(client);
    client.doc.getText('notes').insert(0, 'no');
    await refused;
    client.provider.disconnect();
    await authedFetch(owner, `${base}/export.md`);
    const link = (await json(
      await authedFetch(owner, `${base}/invites`, {
        method: 'POST',
        body: JSON.stringify({ role: 'viewer', expiresInHours: 1 }),
      }),
    )) as { id: string };
    await authedFetch(owner, `${base}/invites/${link.id}`, { method: 'DELETE' });
    await authedFetch(owner, `${base}/members/${viewer.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ role: 'editor' }),
    });

    const expected = [
      'doc_created',
      'member_added',
      'joined',
      'update_refused',
      'left',
      'exported',
      'invite_created',
      'invite_revoked',
      'member_role_changed',
    ];
    let actions: string[] = [];
    await until(
      () => expected.every((a) => actions.includes(a)),
      (notify) =>
        onTick(20)(async () => {
          const page = await json(await authedFetch(owner, `${base}/audit?limit=50`));
          actions = (page.entries as Array<{ action: string }>).map((e) => e.action).reverse();
          notify();
        }),
      5000,
      'every event in the audit trail',
    );
    expect(actions).toEqual(expected);
    // Paged, newest first.
    const first = await json(await authedFetch(owner, `${base}/audit?limit=4`));
    expect((first.entries as Array<{ action: string }>).map((e) => e.action)).toEqual([
      'member_role_changed',
      'invite_revoked',
      'invite_created',
      'exported',
    ]);
    const second = await json(
      await authedFetch(owner, `${base}/audit?limit=4&before=${first.nextBefore}`),
    );
    expect((second.entries as Array<{ action: string }>).map((e) => e.action)).toEqual([
      'left',
      'update_refused',
      'joined',
      'member_added',
    ]);
    // Only owners read it; the administrator's view of sign-ins is instance-wide.
    expect((await authedFetch(viewer, `${base}/audit`)).status).toBe(403);
    expect((await authedFetch(viewer, `${server.url}/api/admin/audit`)).status).toBe(403);
    expect((await authedFetch(viewer, `${server.url}/api/admin/users`)).status).toBe(403);
    const users = (await json(await authedFetch(owner, `${server.url}/api/admin/users`)))
      .users as Array<{ id: string; isAdmin: boolean }>;
    expect(users.map((u) => [u.id, u.isAdmin])).toEqual(
      expect.arrayContaining([
        [owner.id, true],
        [viewer.id, false],
      ]),
    );
    const instance = await json(await authedFetch(owner, `${server.url}/api/admin/audit`));
    expect((instance.entries as Array<{ action: string }>).map((e) => e.action)).toContain(
      'signup',
    );
    // Deletion is recorded and outlives the document.
    expect((await authedFetch(owner, base, { method: 'DELETE' })).status).toBe(204);
    const trail = await server.accounts.listAudit(docId, { limit: 1 });
    expect(trail[0]?.action).toBe('doc_deleted');
  });

  it('[AC11] the administrator disables an account: its connections close at once with 4401, its sign-ins and tokens open nothing; enabled again, its API tokens work; the administrator cannot be disabled', async () => {
    // The periodic check is far off: what closes the connection is the announcement itself.
    const server = await startServer({ credentialCheckMs: 3_600_000 });
    const docId = await createDoc(server);
    const admin = await docOwner(server);
    const bob = await newMember(server, docId, 'editor', 'Bob');
    const apiToken = (await json(
      await authedFetch(bob, `${server.url}/api/auth/tokens`, {
        method: 'POST',
        body: JSON.stringify({ name: 'ci' }),
      }),
    )) as { token: string };
    const viaApi = await mintDocToken(server, { token: apiToken.token }, docId);
    const client = connectProvider(server.syncUrl, docId, { token: bob.docToken });
    await whenSynced(client);
    const closed = nextClose(client);
    const users = `${server.url}/api/admin/users`;

    expect((await authedFetch(bob, `${users}/${bob.id}/disable`, { method: 'POST' })).status).toBe(
      403,
    );
    const disabled = await authedFetch(admin, `${users}/${bob.id}/disable`, { method: 'POST' });
    expect(disabled.status).toBe(200);
    const body = (await json(disabled)) as { user: { id: string; disabledAt: string | null } };
    expect(body.user.id).toBe(bob.id);
    expect(Date.parse(body.user.disabledAt ?? '')).toBeGreaterThan(0);
    expect(await within(closed, 5000, 'the disabled account’s connection to close')).toEqual({
      code: CloseCode.unauthorized,
      reason: 'your account was disabled',
    });
    client.provider.disconnect();

    expect((await authedFetch(bob, `${server.url}/api/auth/me`)).status).toBe(401);
    expect((await authedFetch(apiToken, `${server.url}/api/auth/me`)).status).toBe(401);
    const url = `${server.syncUrl}/${docId}`;
    expect(await upgradeStatus(`${url}?token=${viaApi}`)).toEqual({
      status: 401,
      body: 'the account is disabled',
    });
    const login = () =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: bob.email, password: TEST_PASSWORD }),
      });
    const refused = await login();
    expect(refused.status).toBe(403);
    expect(((await json(refused)).error as { code: string }).code).toBe('account_disabled');
    const listed = (await json(await authedFetch(admin, users))) as {
      users: Array<{ id: string; disabledAt: string | null }>;
    };
    expect(listed.users.find((u) => u.id === bob.id)?.disabledAt).toBe(body.user.disabledAt);
    const trail = await server.accounts.listAudit(null, {
      limit: 5,
      actions: ['account_disabled', 'signin_refused'],
    });
    expect(trail.map((e) => [e.action, e.userId])).toEqual([
      ['signin_refused', bob.id],
      ['account_disabled', admin.id],
    ]);

    expect(
      (await authedFetch(admin, `${users}/${admin.id}/disable`, { method: 'POST' })).status,
    ).toBe(409);
    expect(
      (await authedFetch(admin, `${users}/no-such-user/disable`, { method: 'POST' })).status,
    ).toBe(404);

    const enabled = await authedFetch(admin, `${users}/${bob.id}/enable`, { method: 'POST' });
    expect(((await json(enabled)).user as { disabledAt: unknown }).disabledAt).toBeNull();
    expect((await authedFetch(apiToken, `${server.url}/api/auth/me`)).status).toBe(200);
    expect((await authedFetch(bob, `${server.url}/api/auth/me`)).status).toBe(401);
    expect((await login()).status).toBe(200);
    const back = connectProvider(server.syncUrl, docId, { token: viaApi });
    await whenSynced(back);
    back.provider.disconnect();
  });
});
