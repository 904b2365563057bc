import { randomBytes } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { newId } from '../ids.js';
import type { AccountStore } from '../storage/accounts.js';
import type { Storage } from '../storage/storage.js';
import type { Delivery, Webhook, WebhookStore } from '../storage/webhooks.js';
import { DocAccess, docIdParam } from './doc-access.js';
import { HttpError, parseOr400 } from './errors.js';
import { requireAdmin } from './session-cookie.js';

const iso = (ms: number) => new Date(ms).toISOString();
const RECENT_DELIVERIES = 20;

export const WebhookBodySchema = z.strictObject({ url: z.url().max(2_000) });

const hookJson = (hook: Webhook, deliveries: Delivery[]) => ({
  id: hook.id,
  url: hook.url,
  scope: hook.docId === null ? 'instance' : 'document',
  createdAt: iso(hook.createdAt),
  deliveries: deliveries.map((d) => ({
    id: d.id,
    event: d.event,
    state: d.state,
    attempts: d.attempts,
    lastResult: d.lastResult,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  })),
});

/**
 * Webhooks of a document (owners) and of the instance (the administrator): register an https
 * URL (its signing secret is shown once), list them with their recent deliveries, remove them.
 */
export function webhooksRouter(deps: {
  storage: Storage;
  accounts: AccountStore;
  webhooks: WebhookStore;
  /** Allow http:// URLs (WEBHOOK_ALLOW_HTTP, for receivers on a private network or tests). */
  allowHttp: boolean;
}): Router {
  const { webhooks } = deps;
  const access = new DocAccess(deps.storage, deps.accounts);
  const router = Router();
  const docId = docIdParam;

  async function create(req: Request, res: Response, scope: string | null, userId: string) {
    const { url } = parseOr400(WebhookBodySchema, req.body ?? {});
    const protocol = new URL(url).protocol;
    if (protocol !== 'https:' && !(deps.allowHttp && protocol === 'http:')) {
      throw new HttpError(400, 'https_required', 'a webhook URL must use https');
    }
    const hook: Webhook = {
      id: newId(),
      docId: scope,
      url,
      secret: randomBytes(32).toString('base64url'),
      createdBy: userId,
      createdAt: Date.now(),
    };
    await webhooks.createWebhook(hook);
    res.status(201).json({ ...hookJson(hook, []), secret: hook.secret });
  }

  async function list(res: Response, scope: string | null) {
    const hooks = (await webhooks.webhooksFor(scope)).filter((h) => h.docId === scope);
    const out = [];
    for (const hook of hooks) {
      out.push(hookJson(hook, await webhooks.listDeliveries(hook.id, RECENT_DELIVERIES)));
    }
    res.json({ webhooks: out });
  }

  async function remove(res: Response, scope: string | null, hookId: string) {
    const hook = await webhooks.getWebhook(hookId);
    if (hook === null || hook.docId !== scope) {
      throw new HttpError(404, 'webhook_not_found', 'no such webhook');
    }
    await webhooks.deleteWebhook(hookId);
    res.status(204).end();
  }

  router.get('/docs/:id/webhooks', async (req, res) => {
    const id = docId(req.params.id);
    await access.require(res, id, 'manageMembers');
    await list(res, id);
  });
  router.post('/docs/:id/webhooks', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'manageMembers');
    await create(req, res, id, auth.user.id);
  });
  router.delete('/docs/:id/webhooks/:hookId', async (req, res) => {
    const id = docId(req.params.id);
    await access.require(res, id, 'manageMembers');
    await remove(res, id, String(req.params.hookId));
  });

  router.get('/admin/webhooks', async (_req, res) => {
    requireAdmin(res);
    await list(res, null);
  });
  router.post('/admin/webhooks', async (req, res) => {
    const auth = requireAdmin(res);
    await create(req, res, null, auth.user.id);
  });
  router.delete('/admin/webhooks/:hookId', async (req, res) => {
    requireAdmin(res);
    await remove(res, null, String(req.params.hookId));
  });

  return router;
}
