import { Router } from 'express';
import type { AccessEvents } from '../auth/access-events.js';
import { auditInstance } from '../auth/audit.js';
import { disableAccount, enableAccount } from '../auth/disable.js';
import type { AccountStore, User } from '../storage/accounts.js';
import { auditPage } from './audit-page.js';
import { HttpError } from './errors.js';
import { requireAdmin } from './session-cookie.js';

export const adminUserJson = (u: User) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  isAdmin: u.isAdmin,
  createdAt: new Date(u.createdAt).toISOString(),
  disabledAt: u.disabledAt === null ? null : new Date(u.disabledAt).toISOString(),
});

/** The instance administrator's view: every account (disable, enable), and the sign-in trail. */
export function adminRouter(deps: { accounts: AccountStore; accessEvents: AccessEvents }): Router {
  const { accounts } = deps;
  const audit = (userId: string, action: string, detail: Record<string, unknown>) =>
    auditInstance(accounts, userId, action, detail);
  const router = Router();
  router.get('/admin/users', async (_req, res) => {
    requireAdmin(res);
    const users = await accounts.listUsers();
    res.json({ users: users.map(adminUserJson) });
  });

  const target = async (id: unknown): Promise<User> => {
    const user = typeof id === 'string' ? await accounts.getUser(id) : null;
    if (user === null) throw new HttpError(404, 'user_not_found', 'there is no such account');
    return user;
  };

  router.post('/admin/users/:userId/disable', async (req, res) => {
    const { user: admin } = requireAdmin(res);
    const result = await disableAccount(accounts, await target(req.params.userId), Date.now());
    if (result.kind === 'refused') throw new HttpError(409, 'conflict', result.problem);
    // Every instance closes the account's connections and notification streams now.
    deps.accessEvents.publish({ kind: 'account_disabled', userId: result.user.id });
    if (!result.already) {
      await audit(admin.id, 'account_disabled', {
        user: result.user.id,
        email: result.user.email,
        endedSessions: result.endedSessions.length,
      });
    }
    res.json({ user: adminUserJson(result.user) });
  });

  router.post('/admin/users/:userId/enable', async (req, res) => {
    const { user: admin } = requireAdmin(res);
    const before = await target(req.params.userId);
    const user = await enableAccount(accounts, before);
    if (before.disabledAt !== null) {
      await audit(admin.id, 'account_enabled', { user: user.id, email: user.email });
    }
    res.json({ user: adminUserJson(user) });
  });

  router.get('/admin/audit', async (req, res) => {
    requireAdmin(res);
    res.json(await auditPage(accounts, null, req.query));
  });

  return router;
}
