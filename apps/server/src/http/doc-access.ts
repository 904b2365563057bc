import type { DocAction, Role } from '@ratify/schema';
import type { Response } from 'express';
import { decideAccess, effectiveRole } from '../auth/policy.js';
import type { AccountStore } from '../storage/accounts.js';
import type { DocMeta, Storage } from '../storage/storage.js';
import { HttpError, parseOr400 } from './errors.js';
import { DocIdSchema } from './schemas.js';
import { type RequestAuth, requireAuth } from './session-cookie.js';

export interface Allowed {
  auth: RequestAuth;
  role: Role;
  meta: DocMeta;
}

/** A route's `:id`, or a 400 naming what a document id looks like. */
export const docIdParam = (raw: unknown): string =>
  parseOr400(DocIdSchema, raw, 'invalid_document_id');

export const documentNotFound = (id: string): HttpError =>
  new HttpError(404, 'document_not_found', `document ${id} does not exist`);

/**
 * The one place a REST route asks whether its caller may act on a document: signed in (401),
 * has any access (404 otherwise, the same answer as for an id that does not exist, so ids cannot
 * be probed), and has a role that allows `action` (403). The decision is policy.ts's.
 */
export class DocAccess {
  constructor(
    private readonly storage: Storage,
    private readonly store: AccountStore,
  ) {}

  async require(res: Response, docId: string, action: DocAction): Promise<Allowed> {
    const auth = requireAuth(res);
    const actor = { userId: auth.user.id, isAdmin: auth.user.isAdmin };
    const memberRole = await this.store.getRole(docId, auth.user.id);
    const decision = decideAccess(actor, memberRole, action);
    if (!decision.ok && decision.status === 404) throw documentNotFound(docId);
    // The administrator may look at every document; one that does not exist is still a 404.
    const meta = await this.storage.getMeta(docId);
    if (meta === null) throw documentNotFound(docId);
    if (!decision.ok) {
      const role = effectiveRole(actor, memberRole);
      throw new HttpError(
        403,
        'forbidden',
        `a ${role} of this document may not ${describe(action)}`,
      );
    }
    return { auth, role: decision.role, meta };
  }
}

function describe(action: DocAction): string {
  switch (action) {
    case 'read':
      return 'read it';
    case 'edit':
      return 'edit it';
    case 'comment':
      return 'comment on it';
    case 'manageMembers':
      return 'manage its members or share links';
    case 'viewAudit':
      return 'read its audit trail';
    case 'delete':
      return 'delete it';
  }
}
