import { Router } from 'express';
import { z } from 'zod';
import { effectiveRole } from '../auth/policy.js';
import type { SearchIndex } from '../search/search.js';
import type { AccountStore } from '../storage/accounts.js';
import type { Storage } from '../storage/storage.js';
import { parseOr400 } from './errors.js';
import { requireAuth } from './session-cookie.js';

export const SearchQuerySchema = z.object({
  q: z.string().max(500, 'a search is at most 500 characters'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** Full-text search over the documents the caller may read. */
export function searchRouter(deps: {
  index: SearchIndex;
  storage: Storage;
  accounts: AccountStore;
}): Router {
  const { index, storage, accounts } = deps;
  const router = Router();
  router.get('/search', async (req, res) => {
    const { user } = requireAuth(res);
    const { q, limit } = parseOr400(SearchQuerySchema, req.query, 'invalid_query');
    const actor = { userId: user.id, isAdmin: user.isAdmin };
    const roles = new Map(
      (await accounts.listMemberships(user.id)).map((m) => [m.docId, m.role] as const),
    );
    const readable = user.isAdmin
      ? (await storage.list()).map((m) => m.id)
      : [...roles.keys()].filter((id) => effectiveRole(actor, roles.get(id) ?? null) !== null);
    const hits = await index.search(q, readable, limit);
    res.json({ query: q, hits });
  });
  return router;
}
