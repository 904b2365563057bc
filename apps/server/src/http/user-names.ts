import type { AccountStore } from '../storage/accounts.js';

/**
 * The names of these accounts, each looked up once (a list of versions or templates names the
 * same few people many times); an account that no longer exists is shown by its id.
 */
export async function userNames(
  accounts: AccountStore,
  ids: Iterable<string>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) names.set(id, (await accounts.getUser(id))?.name ?? id);
  return names;
}
