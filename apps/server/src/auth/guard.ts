import { canWriteContent, YDOC_CONTENT_FIELD, YDOC_META_FIELD } from '@ratify/schema';
import type { Connection } from '../sync/connection.js';
import type { GuardVerdict, UpdateGuard } from '../sync/room.js';
import { inspectUpdate } from './update-inspect.js';

/**
 * The root types of the document clients write: the content and its title. Everything the server
 * owns (comments, sign-offs, the audit trail) lives outside this document altogether, so the
 * guard never has to tell one item in it from another.
 */
export const CLIENT_WRITABLE_ROOTS: ReadonlySet<string> = new Set([
  YDOC_CONTENT_FIELD,
  YDOC_META_FIELD,
]);

/**
 * The permission guard on every update (see Room.receiveUpdate), decided from the update alone:
 * - a connection whose role may not edit may send only what changes nothing (every y-websocket
 *   client sends its state as a sync step 2 on connect); that is accepted and not stored;
 * - an editor's update may only name allowed roots; an update creating any other root is
 *   refused whole.
 * Anything refused is neither stored, applied nor broadcast, and closes the connection.
 */
export function roleGuard(roots: ReadonlySet<string> = CLIENT_WRITABLE_ROOTS): UpdateGuard {
  return (conn: Connection, update, doc): GuardVerdict => {
    let effect: ReturnType<typeof inspectUpdate>;
    try {
      effect = inspectUpdate(update, doc, roots);
    } catch {
      return { allow: false, reason: 'the update does not decode' };
    }
    const { role } = conn.principal;
    if (!canWriteContent(role)) {
      if (effect.changes) return { allow: false, reason: `a ${role} may not change the document` };
      return { allow: true, store: false };
    }
    if (effect.foreignRoot !== null) {
      return {
        allow: false,
        reason: `the update writes outside the document ("${effect.foreignRoot}")`,
      };
    }
    return { allow: true, store: true };
  };
}
