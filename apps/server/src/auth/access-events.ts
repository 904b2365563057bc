/**
 * Changes to who may do what, announced to whoever holds live access: the hub closes the open
 * connections a change affects (their role is fixed for their lifetime), and they reconnect under
 * the new role. In-process today; the scale-out backend carries the same messages between nodes.
 */
export type AccessChange =
  /** These users' role on the document changed, or they lost access to it. */
  | { kind: 'members'; docId: string; userIds: string[]; removed: boolean }
  /** These credentials (sessions, API tokens) ended: sign-out, password change, revocation. */
  | { kind: 'credentials'; credentialIds: string[] }
  /** The account was disabled: every connection and stream of it ends. */
  | { kind: 'account_disabled'; userId: string };

export type AccessListener = (change: AccessChange) => void;

export interface AccessEvents {
  publish(change: AccessChange): void;
  subscribe(listener: AccessListener): () => void;
}

export class LocalAccessEvents implements AccessEvents {
  private readonly listeners = new Set<AccessListener>();

  publish(change: AccessChange): void {
    for (const listener of this.listeners) listener(change);
  }

  subscribe(listener: AccessListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
