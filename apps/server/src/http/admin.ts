import { Router } from 'express';
import type { AccountStore } from '../storage/accounts.js';
import { auditPage } from './audit-page.js';
import { requireAdmin } from './session-cookie.js';

/** The instance administrator's view: every account, and the sign-in trail. */
export function adminRouter(deps: { accounts: AccountStore }): Router {
  const { accounts } = deps;
  const router = Router();
  router.get('/admin/users', async (_req, res) => {
    requireAdmin(res);
    const users = await accounts.listUsers();
    res.json({
      users: users.map((u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        isAdmin: u.isAdmin,
        createdAt: new Date(u.createdAt).toISOString(),
      })),
    });
  });

  router.get('/admin/audit', async (req, res) => {
    requireAdmin(res);
    res.json(await auditPage(accounts, null, req.query));
  });

  return router;
}
