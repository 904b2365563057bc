import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const MiB = 1024 * 1024;

const int = (min: number) => z.coerce.number().int().min(min);

/**
 * Every setting the server reads from the environment, with its default and why.
 * Read once, in `loadConfig`, at start; nothing else reads `process.env`.
 */
const EnvSchema = z.object({
  /** TCP port for HTTP and WebSocket (one port for both). 0 picks a free port. */
  PORT: int(0).max(65_535).default(8080),
  /** Interface to bind. 0.0.0.0 so the server is reachable inside a container. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Directory for the SQLite database (created if missing). Unused with DATABASE_URL. */
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * postgres://… : keep everything in PostgreSQL instead of SQLite (several instances can share
   * it); nothing is stored on the instance's disk then.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /**
   * redis://… : fan-out between instances that share one PostgreSQL (needs DATABASE_URL). Redis
   * only carries messages; storage stays the only copy of everything.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Channel names start with this (instances of one deployment share it). */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . and - only')
    .default('ratify'),
  /**
   * With REDIS_URL: how often each loaded document compares the stored head with what it applied
   * (to read what Redis did not deliver).
   */
  FANOUT_CHECK_MS: int(100).default(3_000),
  /** The PostgreSQL schema Ratify's tables live in (created if missing). */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _, not starting with a digit')
    .default('ratify'),
  /** Largest WebSocket frame accepted, enforced by ws (closes with 1009). 16 MiB fits a large pasted document. */
  MAX_MESSAGE_BYTES: int(1024).default(16 * MiB),
  /** Sustained frames per second per connection; typing plus cursor moves stay far below 200. */
  RATE_LIMIT_PER_SEC: int(1).default(200),
  /** Frames a connection may send in a burst above the sustained rate (reconnect catch-up). */
  RATE_LIMIT_BURST: int(1).default(1000),
  /** A connection whose unsent data exceeds this is disconnected as a slow consumer (4503). */
  MAX_BUFFERED_BYTES: int(1024).default(32 * MiB),
  /** Keep a document in memory this long after its last client leaves (reloads are cheap, thrash is not). */
  UNLOAD_GRACE_MS: int(0).default(30_000),
  /**
   * Under sustained load, commit appends at most this often (ms), so concurrent edits share one
   * fsync; an edit after a quiet spell commits at once. 0 commits every event-loop turn.
   */
  COMMIT_INTERVAL_MS: int(0).default(2),
  /**
   * SQLite commit durability. `full` (default) fsyncs every commit before anything is acked or
   * broadcast, so a power loss loses nothing acknowledged; `normal` skips that fsync and survives
   * a process crash but may lose the last commits on a power loss or OS crash.
   */
  SQLITE_SYNCHRONOUS: z.enum(['full', 'normal']).default('full'),
  /** Compact a document's update log into one snapshot once it holds this many updates. */
  COMPACTION_THRESHOLD: int(2).default(500),
  /** Ping every connection this often; one missed pong disconnects it. */
  PING_INTERVAL_MS: int(100).default(30_000),
  /**
   * A sign-off counts its signer present when one of their connections was heard from this
   * recently, or answers a ping within PRESENCE_TIMEOUT_MS.
   */
  PRESENCE_FRESH_MS: int(0).default(5_000),
  PRESENCE_TIMEOUT_MS: int(50).default(2_000),
  /**
   * Versions are taken automatically once editing has been quiet this long (10 minutes), and at
   * least every VERSION_MAX_MS (an hour) while editing goes on.
   */
  VERSION_IDLE_MS: int(10).default(600_000),
  VERSION_MAX_MS: int(10).default(3_600_000),
  /**
   * How often open connections' credentials are checked against the store, so a session ended or
   * an account disabled beside the server (the CLI in direct mode) closes its connections too.
   */
  CREDENTIAL_CHECK_MS: int(50).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Built web app to serve on `/`; defaults to apps/web/dist next to this package when it exists. */
  WEB_DIST_DIR: z.string().min(1).optional(),
  /**
   * Signs document tokens and sign-in attempts; at least 32 characters. Unset: a random secret is
   * generated on first start and kept in DATA_DIR/session-secret.
   */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * Origins (comma-separated, e.g. https://ratify.example) whose pages may use a signed-in
   * browser's cookie for changes and websockets. Unset: only the server's own origin.
   */
  ALLOWED_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== ''),
    )
    .pipe(z.array(z.url().regex(/^https?:\/\/[^/]+$/, 'an origin is scheme://host[:port] only')))
    .optional(),
  /** Behind a reverse proxy: trust X-Forwarded-* (client address, https) from it. */
  TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('0'),
  /** `1`: no password sign-up (accounts come from the identity provider). */
  OIDC_ONLY: z.enum(['0', '1', 'true', 'false']).default('0'),
  /**
   * The address people reach Ratify at (e.g. https://ratify.example), for share links and the
   * OpenID Connect redirect. Unset: the address each request came to.
   */
  PUBLIC_URL: z
    .url()
    .regex(/^https?:\/\/[^/]+\/?$/, 'scheme://host[:port] only')
    .transform((v) => v.replace(/\/$/, ''))
    .optional(),
  /** `1`: webhooks may use http:// URLs (receivers on a private network); otherwise https only. */
  WEBHOOK_ALLOW_HTTP: z.enum(['0', '1', 'true', 'false']).default('0'),
  /** OpenID Connect sign-in: the identity provider's issuer URL (discovery), client id and secret. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
});

export type LogLevel = z.infer<typeof EnvSchema>['LOG_LEVEL'];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  maxMessageBytes: number;
  rateLimitPerSec: number;
  rateLimitBurst: number;
  maxBufferedBytes: number;
  unloadGraceMs: number;
  compactionThreshold: number;
  commitIntervalMs: number;
  sqliteSynchronous: 'full' | 'normal';
  /** PostgreSQL instead of SQLite, when set. */
  database: { url: string; schema: string } | null;
  /** Fan-out over Redis between instances, when set. */
  redis: { url: string; prefix: string; checkMs: number } | null;
  pingIntervalMs: number;
  presenceFreshMs: number;
  presenceTimeoutMs: number;
  /** Automatic versions: after this much quiet, and at least this often while editing goes on. */
  versions: { idleMs: number; maxMs: number };
  credentialCheckMs: number;
  logLevel: LogLevel;
  /** Absolute path of the built web app, or null when there is none to serve. */
  webDistDir: string | null;
  sessionSecret: string | null;
  /** Empty: the server's own origin only. */
  allowedOrigins: string[];
  trustProxy: boolean;
  oidcOnly: boolean;
  publicUrl: string | null;
  webhookAllowHttp: boolean;
  /** Set when OIDC_ISSUER and OIDC_CLIENT_ID are. */
  oidc: { issuer: string; clientId: string; clientSecret: string | null } | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function defaultWebDistDir(): string | null {
  // src/config.ts and dist/config.js both sit one level below the package root.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidate = path.resolve(here, '../../web/dist');
  return existsSync(path.join(candidate, 'index.html')) ? candidate : null;
}

/** Validate the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = EnvSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.');
      return `  ${key}=${JSON.stringify(picked[key] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL !== undefined && e.DATABASE_URL === undefined) {
    throw new ConfigError(
      'Invalid configuration:\n  REDIS_URL: instances fanning out over Redis must share one PostgreSQL; set DATABASE_URL too',
    );
  }
  if ((e.OIDC_ISSUER === undefined) !== (e.OIDC_CLIENT_ID === undefined)) {
    throw new ConfigError(
      'Invalid configuration:\n  OIDC_ISSUER and OIDC_CLIENT_ID: set both for OpenID Connect sign-in, or neither',
    );
  }
  if (e.OIDC_ONLY === '1' || e.OIDC_ONLY === 'true') {
    if (e.OIDC_ISSUER === undefined) {
      throw new ConfigError(
        'Invalid configuration:\n  OIDC_ONLY=1 turns password sign-up off: it needs OIDC_ISSUER and OIDC_CLIENT_ID',
      );
    }
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    rateLimitPerSec: e.RATE_LIMIT_PER_SEC,
    rateLimitBurst: e.RATE_LIMIT_BURST,
    maxBufferedBytes: e.MAX_BUFFERED_BYTES,
    unloadGraceMs: e.UNLOAD_GRACE_MS,
    compactionThreshold: e.COMPACTION_THRESHOLD,
    commitIntervalMs: e.COMMIT_INTERVAL_MS,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    database:
      e.DATABASE_URL === undefined ? null : { url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA },
    redis:
      e.REDIS_URL === undefined
        ? null
        : { url: e.REDIS_URL, prefix: e.REDIS_PREFIX, checkMs: e.FANOUT_CHECK_MS },
    pingIntervalMs: e.PING_INTERVAL_MS,
    presenceFreshMs: e.PRESENCE_FRESH_MS,
    presenceTimeoutMs: e.PRESENCE_TIMEOUT_MS,
    versions: { idleMs: e.VERSION_IDLE_MS, maxMs: e.VERSION_MAX_MS },
    credentialCheckMs: e.CREDENTIAL_CHECK_MS,
    logLevel: e.LOG_LEVEL,
    webDistDir: e.WEB_DIST_DIR !== undefined ? path.resolve(e.WEB_DIST_DIR) : defaultWebDistDir(),
    sessionSecret: e.SESSION_SECRET ?? null,
    allowedOrigins: e.ALLOWED_ORIGINS ?? [],
    trustProxy: e.TRUST_PROXY === '1' || e.TRUST_PROXY === 'true',
    oidcOnly: e.OIDC_ONLY === '1' || e.OIDC_ONLY === 'true',
    publicUrl: e.PUBLIC_URL ?? null,
    webhookAllowHttp: e.WEBHOOK_ALLOW_HTTP === '1' || e.WEBHOOK_ALLOW_HTTP === 'true',
    oidc:
      e.OIDC_ISSUER !== undefined && e.OIDC_CLIENT_ID !== undefined
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET ?? null,
          }
        : null,
  };
}
