import { type Role, strongerRole } from '@ratify/schema';
import { type Request, Router } from 'express';
import type { AccessEvents } from '../auth/access-events.js';
import type { Audit } from '../auth/audit.js';
import type { DocTokens } from '../auth/doc-token.js';
import { memberChangeProblem } from '../auth/policy.js';
import { hashSecret, newSecret } from '../auth/sessions.js';
import { newId } from '../ids.js';
import type {
  AccountStore,
  Invite,
  MemberChangeResult,
  MemberWithUser,
} from '../storage/accounts.js';
import type { Storage } from '../storage/storage.js';
import { auditPage } from './audit-page.js';
import { DocAccess, docIdParam } from './doc-access.js';
import { HttpError, parseOr400 } from './errors.js';
import { AddMemberBodySchema, ChangeRoleBodySchema, CreateInviteBodySchema } from './schemas.js';
import { ownOrigin, requireAuth } from './session-cookie.js';

export interface MembersRouterDeps {
  storage: Storage;
  accounts: AccountStore;
  audit: Audit;
  accessEvents: AccessEvents;
  docTokens: DocTokens;
  /** The origin share links point at (PUBLIC_URL), or null for the request's own. */
  publicOrigin: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

const memberJson = (m: MemberWithUser) => ({
  userId: m.userId,
  email: m.email,
  name: m.name,
  color: m.color,
  role: m.role,
  addedAt: iso(m.addedAt),
  viaShareLink: m.viaInvite !== null,
});

const inviteJson = (i: Invite) => ({
  id: i.id,
  role: i.role,
  createdAt: iso(i.createdAt),
  expiresAt: iso(i.expiresAt),
  revokedAt: i.revokedAt === null ? null : iso(i.revokedAt),
});

/** The path of a share link in the web app; the secret is the last segment. */
export const INVITE_PATH = '/invite/';

/**
 * Members, share links, document tokens and the audit trail of one document. Every change to who
 * may do what is stored first, then announced on `accessEvents` (which closes the connections it
 * affects), then written to the audit trail.
 */
export function membersRouter(deps: MembersRouterDeps): Router {
  const { storage, accounts, audit, accessEvents, docTokens } = deps;
  const access = new DocAccess(storage, accounts);
  const router = Router();
  const docId = docIdParam;

  async function memberOf(id: string, userId: string): Promise<MemberWithUser> {
    const member = (await accounts.listMembers(id)).find((m) => m.userId === userId);
    if (member === undefined) {
      throw new HttpError(404, 'member_not_found', 'that user is not a member of this document');
    }
    return member;
  }

  /** A member change that happened, or the HTTP error saying why it did not. */
  function checked(result: MemberChangeResult): { previous: Role } {
    if (result.kind === 'not_member') {
      throw new HttpError(404, 'member_not_found', 'that user is not a member of this document');
    }
    if (result.kind === 'refused') throw new HttpError(409, 'last_owner', result.problem);
    return result;
  }

  router.get('/docs/:id/members', async (req, res) => {
    const id = docId(req.params.id);
    await access.require(res, id, 'read');
    res.json({ members: (await accounts.listMembers(id)).map(memberJson) });
  });

  router.post('/docs/:id/members', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'manageMembers');
    const body = parseOr400(AddMemberBodySchema, req.body ?? {});
    const user = await accounts.getUserByEmail(body.email);
    if (user === null) {
      throw new HttpError(
        422,
        'unknown_email',
        `nobody has an account with ${body.email} yet: send them a share link instead`,
      );
    }
    if ((await accounts.getRole(id, user.id)) !== null) {
      throw new HttpError(
        409,
        'already_member',
        `${body.email} is already a member: change their role instead`,
      );
    }
    await accounts.setMember(id, user.id, body.role, Date.now());
    accessEvents.publish({ kind: 'members', docId: id, userIds: [user.id], removed: false });
    await audit.record({
      docId: id,
      userId: auth.user.id,
      action: 'member_added',
      detail: { member: user.id, email: user.email, role: body.role },
    });
    res.status(201).json({ member: memberJson(await memberOf(id, user.id)) });
  });

  router.patch('/docs/:id/members/:userId', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'manageMembers');
    const { role } = parseOr400(ChangeRoleBodySchema, req.body ?? {});
    const targetId = String(req.params.userId);
    // An owner's explicit choice: the membership no longer depends on a share link.
    const changed = checked(
      await accounts.changeMember(id, targetId, { role }, (currentRole, owners) =>
        memberChangeProblem(
          { kind: 'set', targetUserId: targetId, currentRole, newRole: role },
          owners,
        ),
      ),
    );
    accessEvents.publish({ kind: 'members', docId: id, userIds: [targetId], removed: false });
    await audit.record({
      docId: id,
      userId: auth.user.id,
      action: 'member_role_changed',
      detail: { member: targetId, from: changed.previous, to: role },
    });
    res.json({ member: memberJson(await memberOf(id, targetId)) });
  });

  router.delete('/docs/:id/members/:userId', async (req, res) => {
    const id = docId(req.params.id);
    const targetId = String(req.params.userId);
    const auth = requireAuth(res);
    // Owners remove anyone; every member may leave.
    const leaving = targetId === auth.user.id;
    await access.require(res, id, leaving ? 'read' : 'manageMembers');
    const removed = checked(
      await accounts.changeMember(id, targetId, { remove: true }, (currentRole, owners) =>
        memberChangeProblem({ kind: 'remove', targetUserId: targetId, currentRole }, owners),
      ),
    );
    accessEvents.publish({ kind: 'members', docId: id, userIds: [targetId], removed: true });
    await audit.record({
      docId: id,
      userId: auth.user.id,
      action: 'member_removed',
      detail: { member: targetId, role: removed.previous, left: leaving },
    });
    res.status(204).end();
  });

  router.get('/docs/:id/invites', async (req, res) => {
    const id = docId(req.params.id);
    await access.require(res, id, 'manageMembers');
    res.json({ invites: (await accounts.listInvites(id)).map(inviteJson) });
  });

  router.post('/docs/:id/invites', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'manageMembers');
    const body = parseOr400(CreateInviteBodySchema, req.body ?? {});
    const secret = newSecret();
    const now = Date.now();
    const invite = await accounts.createInvite({
      id: newId(),
      docId: id,
      role: body.role,
      createdBy: auth.user.id,
      createdAt: now,
      expiresAt: now + body.expiresInHours * 3_600_000,
      secretHash: hashSecret(secret),
    });
    await audit.record({
      docId: id,
      userId: auth.user.id,
      action: 'invite_created',
      detail: { invite: invite.id, role: invite.role, expiresAt: invite.expiresAt },
    });
    const origin = deps.publicOrigin ?? ownOrigin(req);
    // The secret is shown this once; only its hash is stored.
    res.status(201).json({ ...inviteJson(invite), url: `${origin}${INVITE_PATH}${secret}` });
  });

  router.delete('/docs/:id/invites/:inviteId', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'manageMembers');
    const inviteId = String(req.params.inviteId);
    if (!(await accounts.revokeInvite(id, inviteId, Date.now()))) {
      throw new HttpError(404, 'invite_not_found', 'no such active share link on this document');
    }
    // Those who are members only through this link lose access with it.
    const removed = await accounts.removeInviteMembers(id, inviteId);
    if (removed.length > 0) {
      accessEvents.publish({ kind: 'members', docId: id, userIds: removed, removed: true });
    }
    await audit.record({
      docId: id,
      userId: auth.user.id,
      action: 'invite_revoked',
      detail: { invite: inviteId, removedMembers: removed },
    });
    res.status(204).end();
  });

  /** A share link by its secret, if it can still be used. */
  async function usableInvite(req: Request): Promise<Invite> {
    const secret = String(req.params.secret);
    const invite = secret.length > 200 ? null : await accounts.findInvite(hashSecret(secret));
    if (invite === null || (await storage.getMeta(invite.docId)) === null) {
      throw new HttpError(404, 'invite_not_found', 'this share link does not exist');
    }
    if (invite.revokedAt !== null) {
      throw new HttpError(410, 'invite_revoked', 'this share link was revoked by an owner');
    }
    if (invite.expiresAt <= Date.now()) {
      throw new HttpError(410, 'invite_expired', 'this share link has expired');
    }
    return invite;
  }

  router.get('/invites/:secret', async (req, res) => {
    requireAuth(res);
    const invite = await usableInvite(req);
    const meta = await storage.getMeta(invite.docId);
    res.json({
      docId: invite.docId,
      title: meta?.title ?? '',
      role: invite.role,
      expiresAt: iso(invite.expiresAt),
    });
  });

  router.post('/invites/:secret/accept', async (req, res) => {
    const auth = requireAuth(res);
    const invite = await usableInvite(req);
    const current = await accounts.getRole(invite.docId, auth.user.id);
    let role: Role = current ?? invite.role;
    if (strongerRole(current, invite.role) !== current) {
      // The link gives more than they had: they hold it through the link (revoking it ends it).
      role = invite.role;
      await accounts.setMember(invite.docId, auth.user.id, role, Date.now(), invite.id);
      accessEvents.publish({
        kind: 'members',
        docId: invite.docId,
        userIds: [auth.user.id],
        removed: false,
      });
      await audit.record({
        docId: invite.docId,
        userId: auth.user.id,
        action: 'invite_accepted',
        detail: { invite: invite.id, role, before: current },
      });
    }
    res.json({ docId: invite.docId, role });
  });

  router.post('/docs/:id/token', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'read');
    const { token, expiresAt } = await docTokens.issue({
      userId: auth.user.id,
      docId: id,
      credentialId: auth.tokenId,
    });
    res.status(201).json({ token, expiresAt: iso(expiresAt) });
  });

  router.get('/docs/:id/audit', async (req, res) => {
    const id = docId(req.params.id);
    await access.require(res, id, 'viewAudit');
    res.json(await auditPage(accounts, id, req.query));
  });

  return router;
}
