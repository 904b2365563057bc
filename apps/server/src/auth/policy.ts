import { type DocAction, type Role, roleAllows } from '@ratify/schema';

/**
 * Authorisation as small pure functions: given who is asking (from their session, never from
 * the request body) and what the store says, decide. Routes and the websocket call these and
 * nothing else decides access.
 */

export interface Actor {
  userId: string;
  isAdmin: boolean;
}

/**
 * The role an actor has on a document: their membership, or for the instance administrator who
 * is not a member, `viewer` (the administrator sees every document but edits only where invited).
 */
export function effectiveRole(actor: Actor, memberRole: Role | null): Role | null {
  if (memberRole !== null) return memberRole;
  return actor.isAdmin ? 'viewer' : null;
}

export type AccessDecision = { ok: true; role: Role } | { ok: false; status: 403 | 404 };

/**
 * May `actor` do `action` on a document? Someone with no access at all gets 404, exactly as for a
 * document that does not exist, so ids cannot be probed; a member without the right gets 403.
 */
export function decideAccess(
  actor: Actor,
  memberRole: Role | null,
  action: DocAction,
): AccessDecision {
  const role = effectiveRole(actor, memberRole);
  if (role === null) return { ok: false, status: 404 };
  if (!roleAllows(role, action)) return { ok: false, status: 403 };
  return { ok: true, role };
}

export type MemberChange =
  | { kind: 'set'; targetUserId: string; currentRole: Role | null; newRole: Role }
  | { kind: 'remove'; targetUserId: string; currentRole: Role };

/**
 * Why an owner's change to the member list is refused, or null if it is allowed. A document
 * always keeps at least one owner, so nobody can lock everyone out (themselves included).
 */
export function memberChangeProblem(change: MemberChange, ownerCount: number): string | null {
  const losesOwner =
    change.currentRole === 'owner' && (change.kind === 'remove' || change.newRole !== 'owner');
  if (losesOwner && ownerCount <= 1) return 'a document must keep at least one owner';
  return null;
}
