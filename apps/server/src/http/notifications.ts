import type { NotificationPush } from '@ratify/schema';
import { Router } from 'express';
import { z } from 'zod';
import type { AccessEvents } from '../auth/access-events.js';
import type { NotificationChannel } from '../notify/channel.js';
import { type Notifier, notificationView } from '../notify/notifier.js';
import type { NotificationStore } from '../storage/notifications.js';
import { parseOr400 } from './errors.js';
import { requireAuth } from './session-cookie.js';

export const NotificationQuerySchema = z.strictObject({
  unread: z.enum(['0', '1']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime({ offset: true }).optional(),
});

export const MarkReadBodySchema = z.strictObject({
  ids: z.array(z.string().min(1).max(64)).min(1).max(500).optional(),
});

/** How often an open stream gets a comment line, so proxies keep it open. */
const KEEP_ALIVE_MS = 25_000;

/**
 * The signed-in user's notifications: the list (newest first), marking read, and a
 * Server-Sent Events stream of new ones and of read changes (every open bell stays in step).
 * A stream ends when the sign-in it was opened with ends.
 */
export function notificationsRouter(deps: {
  store: NotificationStore;
  notifier: Notifier;
  channel: NotificationChannel;
  accessEvents: AccessEvents;
}): Router {
  const { store, notifier, channel, accessEvents } = deps;
  const router = Router();

  router.get('/notifications', async (req, res) => {
    const { user } = requireAuth(res);
    const query = parseOr400(NotificationQuerySchema, req.query);
    const [list, unread] = await Promise.all([
      store.list(user.id, {
        limit: query.limit,
        unreadOnly: query.unread === '1',
        ...(query.before !== undefined ? { before: Date.parse(query.before) } : {}),
      }),
      store.unreadCount(user.id),
    ]);
    res.json({ notifications: list.map(notificationView), unread });
  });

  router.post('/notifications/read', async (req, res) => {
    const { user } = requireAuth(res);
    const body = parseOr400(MarkReadBodySchema, req.body ?? {});
    res.json({ unread: await notifier.markRead(user.id, body.ids ?? 'all') });
  });

  router.get('/notifications/stream', async (_req, res) => {
    const auth = requireAuth(res);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: the compression middleware leaves the stream alone (it would buffer it).
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const send = (push: NotificationPush) => res.write(`data: ${JSON.stringify(push)}\n\n`);
    // Subscribe before counting, so nothing made in between is missed (a push carries its count).
    const unsubscribe = channel.subscribe(auth.user.id, send);
    const stopAccess = accessEvents.subscribe((change) => {
      if (change.kind === 'credentials' && change.credentialIds.includes(auth.tokenId)) res.end();
      if (change.kind === 'account_disabled' && change.userId === auth.user.id) res.end();
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();
    const stop = () => {
      clearInterval(keepAlive);
      unsubscribe();
      stopAccess();
    };
    res.on('close', stop);
    // The headers are out: a failure here can only end the stream (the client reconnects).
    try {
      send({ kind: 'read', ids: [], unread: await store.unreadCount(auth.user.id) });
    } catch {
      res.end();
    }
  });

  return router;
}
