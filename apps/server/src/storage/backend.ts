import { loadSecret } from '../auth/doc-token.js';
import type { Config } from '../config.js';
import { PgSearchIndex } from '../search/pg-search.js';
import type { SearchIndex } from '../search/search.js';
import { SqliteSearchIndex } from '../search/sqlite-search.js';
import type { AccountStore } from './accounts.js';
import type { CommentStore } from './comments.js';
import type { NotificationStore } from './notifications.js';
import { PgAccountStore } from './postgres/pg-accounts.js';
import { PgCommentStore } from './postgres/pg-comments.js';
import { PgNotificationStore } from './postgres/pg-notifications.js';
import { PgRequestLog } from './postgres/pg-requests.js';
import { PgReviewStore } from './postgres/pg-review.js';
import { pgInstanceSecret } from './postgres/pg-settings.js';
import { PgStorage } from './postgres/pg-storage.js';
import { PgTemplateStore } from './postgres/pg-templates.js';
import { PgVersionStore } from './postgres/pg-versions.js';
import { PgWebhookStore } from './postgres/pg-webhooks.js';
import type { RequestLog } from './requests.js';
import type { ReviewStore } from './review.js';
import { SqliteStorage } from './sqlite.js';
import { SqliteAccountStore } from './sqlite-accounts.js';
import { SqliteCommentStore } from './sqlite-comments.js';
import { SqliteNotificationStore } from './sqlite-notifications.js';
import { SqliteRequestLog } from './sqlite-requests.js';
import { SqliteReviewStore } from './sqlite-review.js';
import { SqliteTemplateStore } from './sqlite-templates.js';
import { SqliteVersionStore } from './sqlite-versions.js';
import { SqliteWebhookStore } from './sqlite-webhooks.js';
import type { Storage } from './storage.js';
import type { TemplateStore } from './templates.js';
import type { VersionStore } from './versions.js';
import type { WebhookStore } from './webhooks.js';

/** Everything Ratify stores, on one backend. */
export interface Backend {
  storage: Storage;
  accounts: AccountStore;
  reviews: ReviewStore;
  comments: CommentStore;
  webhooks: WebhookStore;
  requests: RequestLog;
  versions: VersionStore;
  search: SearchIndex;
  templates: TemplateStore;
  notifications: NotificationStore;
  /** What document tokens and sign-in attempts are signed with (SESSION_SECRET, or kept). */
  tokenSecret: Uint8Array;
}

/**
 * The stores: on PostgreSQL when DATABASE_URL is set (nothing then on the instance's disk),
 * else on SQLite under DATA_DIR. A given storage brings its own backend's stores (tests).
 */
export async function openBackend(
  config: Config,
  given: Partial<Omit<Backend, 'tokenSecret'>> = {},
): Promise<Backend> {
  const storage =
    given.storage ??
    (config.database !== null
      ? await PgStorage.open({
          connectionString: config.database.url,
          schema: config.database.schema,
        })
      : new SqliteStorage({
          dataDir: config.dataDir,
          minCommitIntervalMs: config.commitIntervalMs,
          synchronous: config.sqliteSynchronous,
        }));
  if (storage instanceof PgStorage) {
    const { pool } = storage;
    return {
      storage,
      accounts: given.accounts ?? new PgAccountStore(pool),
      reviews: given.reviews ?? new PgReviewStore(pool),
      comments: given.comments ?? new PgCommentStore(pool),
      webhooks: given.webhooks ?? new PgWebhookStore(pool),
      requests: given.requests ?? new PgRequestLog(pool),
      versions: given.versions ?? new PgVersionStore(pool),
      search: given.search ?? new PgSearchIndex(pool),
      templates: given.templates ?? new PgTemplateStore(pool),
      notifications: given.notifications ?? new PgNotificationStore(pool),
      tokenSecret:
        config.sessionSecret !== null
          ? new TextEncoder().encode(config.sessionSecret)
          : await pgInstanceSecret(pool),
    };
  }
  const db = () => {
    if (!(storage instanceof SqliteStorage)) {
      throw new Error('a storage other than SQLite or PostgreSQL needs all its stores given');
    }
    return storage.database;
  };
  return {
    storage,
    accounts: given.accounts ?? new SqliteAccountStore(db()),
    reviews: given.reviews ?? new SqliteReviewStore(db()),
    comments: given.comments ?? new SqliteCommentStore(db()),
    webhooks: given.webhooks ?? new SqliteWebhookStore(db()),
    requests: given.requests ?? new SqliteRequestLog(db()),
    versions: given.versions ?? new SqliteVersionStore(db()),
    search: given.search ?? new SqliteSearchIndex(db()),
    templates: given.templates ?? new SqliteTemplateStore(db()),
    notifications: given.notifications ?? new SqliteNotificationStore(db()),
    tokenSecret: loadSecret(config.sessionSecret, config.dataDir),
  };
}
