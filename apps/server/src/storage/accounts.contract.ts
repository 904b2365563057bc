import { describe, expect, it } from 'vitest';
import { type AccountStore, EmailTakenError } from './accounts.js';

/**
 * The behaviour every AccountStore backend must have. Register once per backend with a factory
 * that returns a fresh, empty store and a cleanup.
 */
export function registerAccountsContractTests(
  name: string,
  open: () => Promise<{ store: AccountStore; close: () => Promise<void> }>,
): void {
  describe(`AccountStore contract: ${name}`, () => {
    async function withStore(run: (store: AccountStore) => Promise<void>): Promise<void> {
      const { store, close } = await open();
      try {
        await run(store);
      } finally {
        await close();
      }
    }
    const user = (id: string, email = `${id}@example.org`) => ({
      id,
      email,
      name: id.toUpperCase(),
      color: '#336699',
      passwordHash: `hash-of-${id}`,
    });

    it('[AC1] the first account is the administrator; emails are unique, case-insensitively', async () => {
      await withStore(async (store) => {
        expect(await store.countUsers()).toBe(0);
        const first = await store.createUser(user('ada', 'Ada@Example.org'), 1000);
        expect(first).toEqual({
          id: 'ada',
          email: 'ada@example.org',
          name: 'ADA',
          color: '#336699',
          isAdmin: true,
          createdAt: 1000,
          disabledAt: null,
        });
        const second = await store.createUser(user('bob'), 2000);
        expect(second.isAdmin).toBe(false);
        await expect(store.createUser(user('eve', 'ADA@example.org'), 3000)).rejects.toThrow(
          EmailTakenError,
        );
        expect(await store.countUsers()).toBe(2);
        expect((await store.getUserByEmail('ADA@EXAMPLE.ORG'))?.passwordHash).toBe('hash-of-ada');
        expect(await store.getUser('ada')).not.toHaveProperty('passwordHash');
        expect((await store.listUsers()).map((u) => u.id)).toEqual(['ada', 'bob']);
        expect(await store.updateUser('bob', { name: 'Bobby', passwordHash: 'new' })).toMatchObject(
          {
            name: 'Bobby',
          },
        );
        expect((await store.getUserByEmail('bob@example.org'))?.passwordHash).toBe('new');
        expect(await store.updateUser('nobody', { name: 'x' })).toBeNull();
      });
    });

    it('[AC2] concurrent first sign-ups make exactly one administrator', async () => {
      await withStore(async (store) => {
        const made = await Promise.all(
          ['a', 'b', 'c', 'd'].map((id, i) => store.createUser(user(id), i)),
        );
        expect(made.filter((u) => u.isAdmin)).toHaveLength(1);
      });
    });

    it('[AC3] tokens are found by their hash, listed per kind, expire and are deleted', async () => {
      await withStore(async (store) => {
        await store.createUser(user('ada'), 0);
        await store.createUser(user('bob'), 0);
        const base = { userId: 'ada', name: '', createdAt: 10 };
        await store.createToken({
          ...base,
          id: 's1',
          kind: 'session',
          secretHash: 'h1',
          expiresAt: 100,
        });
        await store.createToken({
          ...base,
          id: 's2',
          kind: 'session',
          secretHash: 'h2',
          expiresAt: 500,
        });
        await store.createToken({
          ...base,
          id: 'a1',
          kind: 'api',
          name: 'CI',
          secretHash: 'h3',
          expiresAt: null,
        });
        await store.createToken({
          ...base,
          userId: 'bob',
          id: 'b1',
          kind: 'session',
          secretHash: 'h4',
          expiresAt: 100,
        });
        const found = await store.findToken('h3');
        expect(found?.token).toEqual({
          id: 'a1',
          userId: 'ada',
          kind: 'api',
          name: 'CI',
          createdAt: 10,
          lastUsedAt: 10,
          expiresAt: null,
        });
        expect(found?.user.id).toBe('ada');
        expect(await store.findToken('nope')).toBeNull();
        await store.touchToken('a1', 50);
        expect((await store.findToken('h3'))?.token.lastUsedAt).toBe(50);
        expect((await store.getToken('a1'))?.lastUsedAt).toBe(50);
        expect(await store.getToken('nope')).toBeNull();
        expect((await store.listTokens('ada', 'session')).map((t) => t.id)).toEqual(['s1', 's2']);
        expect(await store.deleteToken('bob', 'a1')).toBe(false);
        expect(await store.deleteExpiredTokens(100)).toBe(2);
        expect(await store.findToken('h1')).toBeNull();
        expect((await store.deleteUserTokens('ada', { exceptId: 's2' })).sort()).toEqual(['a1']);
        expect(await store.deleteUserTokens('ada', { kind: 'api' })).toEqual([]);
        expect(await store.deleteToken('ada', 's2')).toBe(true);
        expect(await store.findToken('h2')).toBeNull();
      });
    });

    it('[AC9] an account is disabled and enabled again; liveCredentials leaves out the tokens of disabled accounts and tokens that are gone', async () => {
      await withStore(async (store) => {
        await store.createUser(user('ada'), 0);
        await store.createUser(user('bob'), 0);
        const token = (id: string, userId: string) =>
          store.createToken({
            id,
            userId,
            kind: 'session',
            name: '',
            createdAt: 1,
            expiresAt: null,
            secretHash: `hash-${id}`,
          });
        await token('t-ada', 'ada');
        await token('t-bob', 'bob');
        await token('t-bob2', 'bob');
        const all = ['t-ada', 't-bob', 't-bob2', 'no-such-token'];
        expect([...(await store.liveCredentials(all))].sort()).toEqual([
          't-ada',
          't-bob',
          't-bob2',
        ]);
        expect(await store.liveCredentials([])).toEqual(new Set());

        expect(await store.updateUser('bob', { disabledAt: 5000 })).toMatchObject({
          id: 'bob',
          disabledAt: 5000,
        });
        expect((await store.getUser('bob'))?.disabledAt).toBe(5000);
        expect((await store.getUserByEmail('bob@example.org'))?.disabledAt).toBe(5000);
        expect((await store.findToken('hash-t-bob'))?.user.disabledAt).toBe(5000);
        expect((await store.listUsers()).map((u) => [u.id, u.disabledAt])).toEqual([
          ['ada', null],
          ['bob', 5000],
        ]);
        expect([...(await store.liveCredentials(all))]).toEqual(['t-ada']);
        await store.deleteToken('ada', 't-ada');
        expect(await store.liveCredentials(all)).toEqual(new Set());

        expect((await store.updateUser('bob', { disabledAt: null }))?.disabledAt).toBeNull();
        expect((await store.findToken('hash-t-bob2'))?.user.disabledAt).toBeNull();
        expect([...(await store.liveCredentials(all))].sort()).toEqual(['t-bob', 't-bob2']);
      });
    });

    it('[AC4] members have one role per document; memberships list them', async () => {
      await withStore(async (store) => {
        await store.createUser(user('ada'), 0);
        await store.createUser(user('bob'), 0);
        expect(await store.getRole('d1', 'ada')).toBeNull();
        await store.setMember('d1', 'ada', 'owner', 1);
        await store.setMember('d1', 'bob', 'viewer', 2);
        await store.setMember('d2', 'bob', 'editor', 3);
        await store.setMember('d1', 'bob', 'commenter', 4);
        expect(await store.getRole('d1', 'bob')).toBe('commenter');
        expect(await store.listMembers('d1')).toEqual([
          {
            docId: 'd1',
            userId: 'ada',
            role: 'owner',
            addedAt: 1,
            viaInvite: null,
            email: 'ada@example.org',
            name: 'ADA',
            color: '#336699',
          },
          {
            docId: 'd1',
            userId: 'bob',
            role: 'commenter',
            addedAt: 2,
            viaInvite: null,
            email: 'bob@example.org',
            name: 'BOB',
            color: '#336699',
          },
        ]);
        expect((await store.listMemberships('bob')).map((m) => [m.docId, m.role])).toEqual([
          ['d1', 'commenter'],
          ['d2', 'editor'],
        ]);
        expect(await store.removeMember('d1', 'bob')).toBe(true);
        expect(await store.removeMember('d1', 'bob')).toBe(false);
        await store.createInvite({
          id: 'i1',
          docId: 'd1',
          role: 'viewer',
          createdBy: 'ada',
          createdAt: 1,
          expiresAt: 9,
          secretHash: 'ih',
        });
        await store.deleteDocAccess('d1');
        expect(await store.listMembers('d1')).toEqual([]);
        expect(await store.findInvite('ih')).toBeNull();
        expect(await store.getRole('d2', 'bob')).toBe('editor');
      });
    });

    it('[AC8] a member change refused by its check changes nothing; owners demoting each other at once keep one owner', async () => {
      await withStore(async (store) => {
        for (const id of ['ada', 'bob', 'cy']) await store.createUser(user(id), 0);
        await store.setMember('d1', 'ada', 'owner', 1);
        await store.setMember('d1', 'bob', 'owner', 2);
        await store.setMember('d1', 'cy', 'viewer', 3, 'i1');
        const lastOwner = (role: string, owners: number) =>
          role === 'owner' && owners <= 1 ? 'keep one owner' : null;
        const demote = (userId: string) =>
          store.changeMember('d1', userId, { role: 'editor' }, lastOwner);
        const results = await Promise.all([demote('ada'), demote('bob')]);
        expect(results.map((r) => r.kind).sort()).toEqual(['changed', 'refused']);
        const owners = (await store.listMembers('d1')).filter((m) => m.role === 'owner');
        expect(owners).toHaveLength(1);
        // Removing the last owner is refused the same way; others go.
        const owner = owners[0]?.userId as string;
        expect(await store.changeMember('d1', owner, { remove: true }, lastOwner)).toEqual({
          kind: 'refused',
          problem: 'keep one owner',
        });
        expect(await store.changeMember('d1', 'cy', { role: 'commenter' }, lastOwner)).toEqual({
          kind: 'changed',
          previous: 'viewer',
        });
        // An owner's change makes the membership explicit (no longer via the share link).
        expect(await store.removeInviteMembers('d1', 'i1')).toEqual([]);
        expect(await store.changeMember('d1', 'cy', { remove: true }, lastOwner)).toEqual({
          kind: 'changed',
          previous: 'commenter',
        });
        expect(await store.changeMember('d1', 'cy', { remove: true }, lastOwner)).toEqual({
          kind: 'not_member',
        });
        expect((await store.listMembers('d1')).map((m) => m.userId).sort()).toEqual(['ada', 'bob']);
      });
    });

    it('[AC5] share links are found by hash and revoked once', async () => {
      await withStore(async (store) => {
        await store.createUser(user('ada'), 0);
        const invite = await store.createInvite({
          id: 'i1',
          docId: 'd1',
          role: 'commenter',
          createdBy: 'ada',
          createdAt: 5,
          expiresAt: 50,
          secretHash: 'secret-hash',
        });
        expect(invite).toEqual({
          id: 'i1',
          docId: 'd1',
          role: 'commenter',
          createdBy: 'ada',
          createdAt: 5,
          expiresAt: 50,
          revokedAt: null,
        });
        expect(await store.findInvite('secret-hash')).toEqual(invite);
        expect(await store.revokeInvite('d2', 'i1', 7)).toBe(false);
        expect(await store.revokeInvite('d1', 'i1', 7)).toBe(true);
        expect(await store.revokeInvite('d1', 'i1', 8)).toBe(false);
        expect((await store.listInvites('d1'))[0]?.revokedAt).toBe(7);
      });
    });

    it('[AC7] a membership from a share link goes with it unless an owner made it explicit', async () => {
      await withStore(async (store) => {
        for (const id of ['ada', 'bob', 'cy']) await store.createUser(user(id), 0);
        await store.setMember('d1', 'ada', 'owner', 1);
        await store.setMember('d1', 'bob', 'commenter', 2, 'i1');
        await store.setMember('d1', 'cy', 'viewer', 3, 'i1');
        await store.setMember('d2', 'bob', 'viewer', 3, 'i1');
        // The owner re-grants cy explicitly: no longer tied to the link (added_at is kept).
        await store.setMember('d1', 'cy', 'editor', 4);
        expect(
          (await store.listMembers('d1')).map((m) => [m.userId, m.viaInvite, m.addedAt]),
        ).toEqual([
          ['ada', null, 1],
          ['bob', 'i1', 2],
          ['cy', null, 3],
        ]);
        expect(await store.removeInviteMembers('d1', 'i1')).toEqual(['bob']);
        expect(await store.getRole('d1', 'bob')).toBeNull();
        expect(await store.getRole('d1', 'cy')).toBe('editor');
        expect(await store.getRole('d2', 'bob')).toBe('viewer');
        expect(await store.removeInviteMembers('d1', 'i1')).toEqual([]);
      });
    });

    it('[AC6] the audit trail is append-only, newest first, paged and filtered', async () => {
      await withStore(async (store) => {
        for (let i = 1; i <= 5; i++) {
          await store.appendAudit({
            docId: 'd1',
            at: i,
            userId: 'ada',
            action: i % 2 ? 'join' : 'leave',
            detail: { n: i },
          });
        }
        await store.appendAudit({
          docId: null,
          at: 9,
          userId: null,
          action: 'signin_failed',
          detail: { email: 'x@y.z' },
        });
        await store.appendAuditMany([
          { docId: 'd2', at: 10, userId: 'ada', action: 'join', detail: { n: 10 } },
          { docId: 'd2', at: 10, userId: 'bob', action: 'join', detail: { n: 11 } },
        ]);
        await store.appendAuditMany([]);
        expect((await store.listAudit('d2', { limit: 5 })).map((e) => e.detail.n)).toEqual([
          11, 10,
        ]);
        const page1 = await store.listAudit('d1', { limit: 2 });
        expect(page1.map((e) => e.detail.n)).toEqual([5, 4]);
        const page2 = await store.listAudit('d1', { limit: 2, before: page1[1]?.seq ?? 0 });
        expect(page2.map((e) => e.detail.n)).toEqual([3, 2]);
        expect(
          (await store.listAudit('d1', { limit: 10, actions: ['leave'] })).map((e) => e.at),
        ).toEqual([4, 2]);
        expect(await store.listAudit(null, { limit: 10 })).toMatchObject([
          { docId: null, userId: null, action: 'signin_failed', detail: { email: 'x@y.z' } },
        ]);
      });
    });
  });
}
