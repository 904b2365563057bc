import { createServer as createHttpServer, type IncomingMessage, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { CloseCode, isValidDocId, REVIEW_QUERY_PARAM, SAVED_ACK_QUERY_PARAM } from '@ratify/schema';
import compression from 'compression';
import express from 'express';
import pino, { type Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { type AccessEvents, LocalAccessEvents } from './auth/access-events.js';
import { AttemptLimiter } from './auth/attempts.js';
import { Audit } from './auth/audit.js';
import { CredentialWatch } from './auth/credential-watch.js';
import { DocTokens } from './auth/doc-token.js';
import { roleGuard } from './auth/guard.js';
import { AuthService } from './auth/service.js';
import { DEFAULT_SESSION_POLICY, Sessions } from './auth/sessions.js';
import { authorizeUpgrade } from './auth/ws-auth.js';
import type { Config } from './config.js';
import type { FanOut } from './fanout/fanout.js';
import { LocalFanOut } from './fanout/local.js';
import { RedisPresenceQueries } from './fanout/presence-queries.js';
import { RedisFanOut } from './fanout/redis.js';
import { RedisAccessEvents, RedisNotificationChannel } from './fanout/redis-events.js';
import { RedisLink } from './fanout/redis-link.js';
import { VersionService } from './history/versions.js';
import { adminRouter } from './http/admin.js';
import { authRouter } from './http/auth.js';
import { docsRouter } from './http/docs.js';
import { errorBody, errorHandler, notFoundHandler } from './http/errors.js';
import { membersRouter } from './http/members.js';
import { refuseNul } from './http/no-nul.js';
import { notificationsRouter } from './http/notifications.js';
import { oidcRouter } from './http/oidc-routes.js';
import { openApiDocument } from './http/openapi.js';
import { searchRouter } from './http/search.js';
import { securityHeaders } from './http/security-headers.js';
import { authenticate, csrfGuard } from './http/session-cookie.js';
import { webAppRouter } from './http/static.js';
import { templatesRouter } from './http/templates.js';
import { versionsRouter } from './http/versions.js';
import { countRejection, createMetrics, type Metrics } from './metrics.js';
import { LocalNotificationChannel, type NotificationChannel } from './notify/channel.js';
import { Notifier } from './notify/notifier.js';
import { createReview } from './review/index.js';
import { SearchIndexer } from './search/indexer.js';
import type { AccountStore } from './storage/accounts.js';
import { openBackend } from './storage/backend.js';
import type { CommentStore } from './storage/comments.js';
import type { NotificationStore } from './storage/notifications.js';
import type { ReviewStore } from './storage/review.js';
import type { Storage } from './storage/storage.js';
import type { VersionStore } from './storage/versions.js';
import type { WebhookStore } from './storage/webhooks.js';
import { Hub } from './sync/hub.js';
import type { UpdateGuard } from './sync/room.js';

export interface ServerOptions {
  logger?: Logger;
  /**
   * Defaults to PostgreSQL with `config.database`, else SQLite under `config.dataDir`; a given
   * storage is closed with the server too.
   */
  storage?: Storage;
  /** Accounts, sessions, members and audit; defaults to tables beside the storage's. */
  accounts?: AccountStore;
  /** Reviewers, sign-offs and rounds; defaults to tables in the SQLite storage's file. */
  reviews?: ReviewStore;
  /** Comment threads; defaults to tables in the SQLite storage's file. */
  comments?: CommentStore;
  /** Webhooks and their delivery log; defaults to tables in the SQLite storage's file. */
  webhooks?: WebhookStore;
  /** In-app notifications; defaults to a table in the SQLite storage's file. */
  notifications?: NotificationStore;
  /** Where notification changes reach users' open streams (defaults to this process only). */
  notificationChannel?: NotificationChannel;
  /** Waits between webhook delivery attempts (tests shorten them). */
  webhookRetryDelaysMs?: number[];
  /** How rarely a document whose sign-offs are all stale is checked for a revert (tests). */
  staleRecheckMs?: number;
  fanout?: FanOut;
  /** How long the search index waits after a document's last change (default 2 s). */
  searchDebounceMs?: number;
  /** Where access changes are announced (defaults to this process only). */
  accessEvents?: AccessEvents;
  /** The permission guard on every update; defaults to the role guard (auth/guard.ts). */
  guard?: UpdateGuard;
  /** Also export Node process metrics (main.ts turns this on; tests leave it off). */
  defaultMetrics?: boolean;
}

export interface RunningServer {
  port: number;
  /** http://host:port */
  url: string;
  /** ws://host:port/sync — the y-websocket provider's server URL. */
  syncUrl: string;
  storage: Storage;
  accounts: AccountStore;
  reviews: ReviewStore;
  comments: CommentStore;
  notifications: NotificationStore;
  versions: VersionStore;
  search: SearchIndexer;
  hub: Hub;
  audit: Audit;
  docTokens: DocTokens;
  metrics: Metrics;
  /** Stop accepting, commit everything pending, close sockets with 1012, close storage. */
  close(): Promise<void>;
}

const SYNC_PREFIX = '/sync/';

/** Answer an upgrade with an HTTP error and the reason as its body; nothing else is sent. */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

/** Build and start the server (HTTP and WebSocket on one port); resolves once listening. */
export async function createServer(
  config: Config,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const log = options.logger ?? pino({ level: config.logLevel });
  const backend = await openBackend(config, {
    ...(options.storage !== undefined ? { storage: options.storage } : {}),
    ...(options.accounts !== undefined ? { accounts: options.accounts } : {}),
    ...(options.reviews !== undefined ? { reviews: options.reviews } : {}),
    ...(options.comments !== undefined ? { comments: options.comments } : {}),
    ...(options.webhooks !== undefined ? { webhooks: options.webhooks } : {}),
    ...(options.notifications !== undefined ? { notifications: options.notifications } : {}),
  });
  const { storage, accounts, reviews, comments, notifications } = backend;
  const webhookStore = backend.webhooks;
  // With Redis, what crosses instances goes through one pair of connections.
  const redis =
    config.redis !== null ? new RedisLink(config.redis.url, config.redis.prefix, log) : null;
  const notificationChannel =
    options.notificationChannel ??
    (redis !== null ? new RedisNotificationChannel(redis) : new LocalNotificationChannel());
  const sessions = new Sessions(accounts, DEFAULT_SESSION_POLICY);
  const signInLimits = {
    // Ten wrong passwords a minute per account; more per address, which many people may share.
    account: new AttemptLimiter({ limit: 10, windowMs: 60_000 }),
    ip: new AttemptLimiter({ limit: 50, windowMs: 60_000 }),
  };
  const auth = new AuthService({
    store: accounts,
    sessions,
    limiters: signInLimits,
    passwordSignupDisabled: config.oidcOnly,
  });
  const store = accounts;
  const audit = new Audit(accounts, log);
  const tokenSecret = backend.tokenSecret;
  const docTokens = new DocTokens(tokenSecret);
  const redisAccess =
    redis !== null && options.accessEvents === undefined ? new RedisAccessEvents(redis) : null;
  if (redisAccess !== null) await redisAccess.started();
  const accessEvents = options.accessEvents ?? redisAccess ?? new LocalAccessEvents();
  const housekeeping = setInterval(() => {
    const now = Date.now();
    signInLimits.account.prune(now);
    signInLimits.ip.prune(now);
    store
      .deleteExpiredTokens(now)
      .catch((error) => log.warn({ err: error }, 'token cleanup failed'));
  }, 10 * 60_000);
  housekeeping.unref();
  const fanout =
    options.fanout ?? (redis !== null ? new RedisFanOut(redis, log) : new LocalFanOut());
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics === true });
  const presenceQueries = redis !== null ? new RedisPresenceQueries(redis) : null;
  if (presenceQueries !== null) await presenceQueries.started();
  const hub = new Hub({
    ...(presenceQueries !== null ? { presenceQueries } : {}),
    storage,
    fanout,
    metrics,
    log,
    limits: {
      rateLimitPerSec: config.rateLimitPerSec,
      rateLimitBurst: config.rateLimitBurst,
      maxBufferedBytes: config.maxBufferedBytes,
    },
    unloadGraceMs: config.unloadGraceMs,
    compactionThreshold: config.compactionThreshold,
    pingIntervalMs: config.pingIntervalMs,
    presence: { freshMs: config.presenceFreshMs, timeoutMs: config.presenceTimeoutMs },
    headCheckMs: config.redis?.checkMs ?? 0,
    guard: options.guard ?? roleGuard(),
    events: {
      joined: (conn) => {
        review.noteAttendance(conn.docId, conn.principal.userId);
        audit.note({
          docId: conn.docId,
          userId: conn.principal.userId,
          action: 'joined',
          detail: { role: conn.principal.role },
        });
      },
      changed: (docId) => {
        review.documentChanged(docId);
        indexer.changed(docId);
      },
      edited: (docId, userId) => versions.edited(docId, userId),
      left: (conn) =>
        audit.note({ docId: conn.docId, userId: conn.principal.userId, action: 'left' }),
      refused: (conn, reason) =>
        audit.note({
          docId: conn.docId,
          userId: conn.principal.userId,
          action: 'update_refused',
          detail: { role: conn.principal.role, reason },
        }),
    },
  });
  const indexer = new SearchIndexer({
    index: backend.search,
    storage,
    comments,
    hub,
    log,
    ...(options.searchDebounceMs !== undefined ? { debounceMs: options.searchDebounceMs } : {}),
  });
  // Documents changed while no instance indexed them (or from before search existed).
  indexer
    .catchUp()
    .then((n) => {
      if (n > 0) log.info({ documents: n }, 'search index caught up');
    })
    .catch((error: unknown) => log.warn({ err: error }, 'search catch-up failed'));
  const versions = new VersionService({
    store: backend.versions,
    reviews,
    storage,
    hub,
    log,
    idleMs: config.versions.idleMs,
    maxMs: config.versions.maxMs,
  });
  const stopAccessEvents = accessEvents.subscribe((change) => hub.applyAccessChange(change));
  const credentialWatch = new CredentialWatch(hub, accounts, config.credentialCheckMs, (msg, err) =>
    log.warn({ err }, msg),
  );
  presenceQueries?.answerWith((docId, userId) => hub.confirmPresentHere(docId, userId));
  const notifier = new Notifier({
    store: notifications,
    channel: notificationChannel,
    storage,
    accounts,
    log,
  });
  const review = createReview({
    storage,
    accounts,
    reviews,
    comments,
    requests: backend.requests,
    webhookStore,
    webhookAllowHttp: config.webhookAllowHttp,
    ...(options.webhookRetryDelaysMs !== undefined
      ? { webhookRetryDelaysMs: options.webhookRetryDelaysMs }
      : {}),
    hub,
    audit,
    notifier,
    metrics,
    ...(options.staleRecheckMs !== undefined ? { staleRecheckMs: options.staleRecheckMs } : {}),
    log,
    threadChanged: (docId) => indexer.changed(docId),
    // Every approval is kept as a version named after its change-log version (1.0, 1.1 …).
    approved: async (docId, version) => {
      await versions.take(docId, { kind: 'approval', name: version, createdBy: null });
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  // Behind a proxy, req.ip and req.secure come from its X-Forwarded-* headers.
  app.set('trust proxy', config.trustProxy);
  // gzip/deflate/br for responses over 1 KB that a client accepts: the editor's script bundle is
  // about a third of its size compressed. WebSocket upgrades never pass through here.
  app.use(compression());
  app.use(express.json({ limit: config.maxMessageBytes }));
  app.use(refuseNul);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await storage.ping();
      res.json({ status: 'ready' });
    } catch (error) {
      log.warn({ err: error }, 'readiness check failed');
      res.status(503).json(errorBody('storage_unavailable', 'storage is not reachable'));
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  app.use('/api', authenticate(sessions), csrfGuard(config.allowedOrigins));
  app.use(
    '/api',
    authRouter({
      auth,
      sessions,
      store: accounts,
      secureCookies: (req) => req.secure,
      sessionMaxAgeMs: DEFAULT_SESSION_POLICY.absoluteMs,
      passwordSignupDisabled: config.oidcOnly,
      oidcEnabled: config.oidc !== null,
      onCredentialsEnded: (credentialIds) =>
        accessEvents.publish({ kind: 'credentials', credentialIds }),
    }),
  );
  if (config.oidc !== null) {
    app.use(
      '/api',
      oidcRouter({
        settings: {
          issuer: config.oidc.issuer,
          clientId: config.oidc.clientId,
          ...(config.oidc.clientSecret !== null ? { clientSecret: config.oidc.clientSecret } : {}),
          allowHttp: config.oidc.issuer.startsWith('http://'),
        },
        key: tokenSecret,
        auth,
        publicOrigin: config.publicUrl,
        secureCookies: (req) => req.secure,
        sessionMaxAgeMs: DEFAULT_SESSION_POLICY.absoluteMs,
        log,
      }),
    );
  }
  app.use(
    '/api',
    docsRouter({
      storage,
      accounts,
      reviews,
      comments,
      notifications,
      versions: backend.versions,
      templates: backend.templates,
      hub,
      audit,
      created: (docId) => indexer.changed(docId),
      deleted: (docId) => indexer.removed(docId),
    }),
  );
  app.use('/api', searchRouter({ index: backend.search, storage, accounts }));
  app.use('/api', templatesRouter({ storage, accounts, hub, audit, templates: backend.templates }));
  app.use(
    '/api',
    versionsRouter({
      storage,
      accounts,
      hub,
      audit,
      store: backend.versions,
      service: versions,
    }),
  );
  app.use(
    '/api',
    notificationsRouter({
      store: notifications,
      notifier,
      channel: notificationChannel,
      accessEvents,
    }),
  );
  app.use('/api', adminRouter({ accounts, accessEvents }));
  app.use('/api', review.router);
  app.use(
    '/api',
    membersRouter({
      storage,
      accounts,
      audit,
      accessEvents,
      docTokens,
      publicOrigin: config.publicUrl,
    }),
  );
  app.use(webAppRouter(config.webDistDir));
  app.use(notFoundHandler);
  app.use(errorHandler(log));

  const httpServer = createHttpServer(app);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxMessageBytes,
    // A document token offered as a subprotocol is the one the handshake answers with.
    handleProtocols: (protocols, req) => chosenProtocol.get(req) ?? [...protocols][0] ?? false,
  });
  const chosenProtocol = new WeakMap<IncomingMessage, string>();
  const upgradeAuth = {
    store: accounts,
    sessions,
    docTokens,
    allowedOrigins: config.allowedOrigins,
  };

  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => log.debug({ err: error }, 'upgrade socket error'));
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(SYNC_PREFIX)) {
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    let docId: string | null;
    try {
      docId = decodeURIComponent(url.pathname.slice(SYNC_PREFIX.length));
    } catch {
      docId = null;
    }
    const wants = {
      ack: url.searchParams.get(SAVED_ACK_QUERY_PARAM) === '1',
      review: url.searchParams.get(REVIEW_QUERY_PARAM) === '1',
    };
    if (docId === null || !isValidDocId(docId)) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        // Close after the upgrade so a browser client sees the reason (and does not retry).
        countRejection(metrics, 'invalid_doc_id');
        ws.close(CloseCode.malformedMessage, 'invalid document id');
      });
      return;
    }
    const id = docId;
    authorizeUpgrade(req, url, id, upgradeAuth).then(
      (decision) => {
        if (!decision.ok) {
          countRejection(
            metrics,
            decision.status === 401
              ? 'upgrade_unauthenticated'
              : decision.status === 403
                ? 'upgrade_forbidden'
                : 'upgrade_no_access',
          );
          refuseUpgrade(socket, decision.status, decision.reason);
          return;
        }
        if (socket.destroyed) return;
        if (decision.protocol !== null) chosenProtocol.set(req, decision.protocol);
        wss.handleUpgrade(req, socket, head, (ws) => {
          hub.accept(ws, id, wants, decision.principal);
        });
      },
      (error: unknown) => {
        log.error({ err: error, docId: id }, 'authorising a websocket failed');
        refuseUpgrade(socket, 500, 'Internal Server Error');
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  log.info(
    {
      port,
      host: config.host,
      storage:
        config.database !== null ? `postgres (schema ${config.database.schema})` : config.dataDir,
    },
    'listening',
  );

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(housekeeping);
      review.close();
      versions.close();
      indexer.close();
      stopAccessEvents();
      await credentialWatch.stop();
      const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      await hub.shutdown();
      wss.close();
      await audit.flush();
      await presenceQueries?.close();
      await fanout.close();
      await redis?.close();
      await storage.close();
      httpServer.closeAllConnections();
      await httpClosed;
      log.info('stopped');
    })();
    return closing;
  };

  return {
    port,
    url: `http://${host}:${port}`,
    syncUrl: `ws://${host}:${port}/sync`,
    storage,
    accounts,
    reviews,
    comments,
    notifications,
    versions: backend.versions,
    search: indexer,
    hub,
    audit,
    docTokens,
    metrics,
    close,
  };
}
