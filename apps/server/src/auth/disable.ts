import type { AccountStore, User } from '../storage/accounts.js';

/**
 * Disabling and enabling accounts (`ratify users disable`, POST /api/admin/users/:id/disable):
 * a disabled account cannot sign in, none of its credentials opens anything, and its sign-in
 * sessions end. Its API tokens are kept, refused while it is disabled, and work again once it is
 * enabled. Its documents, comments and sign-offs stay as they are.
 */

/** Why `target` may not be disabled, or null. The administrator cannot lock everyone out. */
export function disableProblem(target: User): string | null {
  return target.isAdmin ? 'the administrator cannot be disabled' : null;
}

export type DisableResult =
  | { kind: 'disabled'; user: User; endedSessions: string[]; already: boolean }
  | { kind: 'refused'; problem: string };

export async function disableAccount(
  accounts: AccountStore,
  target: User,
  now: number,
): Promise<DisableResult> {
  const problem = disableProblem(target);
  if (problem !== null) return { kind: 'refused', problem };
  const already = target.disabledAt !== null;
  const user = already
    ? target
    : ((await accounts.updateUser(target.id, { disabledAt: now })) ?? target);
  // Ended after the mark: a session that slips in between is refused all the same.
  const endedSessions = await accounts.deleteUserTokens(target.id, { kind: 'session' });
  return { kind: 'disabled', user, endedSessions, already };
}

export async function enableAccount(accounts: AccountStore, target: User): Promise<User> {
  if (target.disabledAt === null) return target;
  return (await accounts.updateUser(target.id, { disabledAt: null })) ?? target;
}
