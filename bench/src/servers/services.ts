/**
 * The shared PostgreSQL and Redis that `ratify-pg` and `ratify-2x` run on: where they are, whether
 * they answer, a schema of its own per bench server (dropped when it stops), and what they spent
 * (CPU of this deployment's PostgreSQL backends, PostgreSQL write transactions, Redis CPU).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { procStats } from '../proc.js';

export const postgresUrl = (): string =>
  process.env.RATIFY_BENCH_POSTGRES_URL ?? 'postgres://127.0.0.1:5432/test';
export const redisUrl = (): string =>
  process.env.RATIFY_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * node-postgres takes the user from the URL, else PGUSER, else USER, and fails when none is set
 * (psql asks the OS): the bench fills in the OS user the same way, for itself and its servers.
 */
export function postgresEnv(url = postgresUrl()): Record<string, string> {
  if (new URL(url).username !== '' || process.env.PGUSER || process.env.USER) return {};
  return { PGUSER: userInfo().username };
}

const CHECK_TIMEOUT_MS = 3_000;
const QUERY_TIMEOUT_MS = 10_000;

/** A service a server needs is not there: the case gets a "skipped: <reason>" row. */
export class ServiceUnavailable extends Error {
  override name = 'ServiceUnavailable';
}

/** The few parts of node-postgres the bench uses. */
export interface PgClient {
  connect(): Promise<void>;
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): void;
}
interface PgModule {
  Client: new (config: {
    connectionString: string;
    connectionTimeoutMillis: number;
    query_timeout: number;
    application_name: string;
  }) => PgClient;
}

/**
 * node-postgres as the server under test has it (a dependency of apps/server, not of the bench):
 * the bench only drops its schemas and reads statistics with it.
 */
function pgModule(serverDir: string): PgModule {
  const manifest = join(serverDir, 'package.json');
  if (!existsSync(manifest)) throw new ServiceUnavailable(`no ${manifest} to load pg from`);
  return createRequire(manifest)('pg') as PgModule;
}

/** A monitoring connection of the bench's own (application_name `ratify_bench_monitor`). */
export async function pgConnect(serverDir: string, url = postgresUrl()): Promise<PgClient> {
  const { Client } = pgModule(serverDir);
  // A user in the URL: node-postgres lets the URL's (absent) user override a `user` option.
  const withUser = new URL(url);
  const user = postgresEnv(url).PGUSER;
  if (user !== undefined) withUser.username = encodeURIComponent(user);
  const client = new Client({
    connectionString: withUser.toString(),
    connectionTimeoutMillis: CHECK_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    application_name: 'ratify_bench_monitor',
  });
  // A dropped connection must not crash the bench; the next query reports it.
  client.on('error', () => {});
  await client.connect();
  return client;
}

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message || error.name : String(error);

/** Why PostgreSQL cannot be used, or null when it answers a query. */
export async function postgresProblem(serverDir: string): Promise<string | null> {
  const url = postgresUrl();
  try {
    const client = await pgConnect(serverDir, url);
    try {
      await client.query('SELECT 1');
      return null;
    } finally {
      await client.end().catch(() => {});
    }
  } catch (error) {
    return `PostgreSQL at ${url} (RATIFY_BENCH_POSTGRES_URL): ${errorText(error)}`;
  }
}

/** One Redis command (inline form) on a fresh connection: its reply, as text. */
export function redisCommand(command: string, url = redisUrl()): Promise<string> {
  const parsed = new URL(url);
  const port = Number(parsed.port || 6379);
  const host = parsed.hostname || '127.0.0.1';
  const password = decodeURIComponent(parsed.password);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let buffer = Buffer.alloc(0);
    let skipReplies = password === '' ? 0 : 1;
    const done = (error: Error | null, reply?: string) => {
      clearTimeout(timer);
      socket.destroy();
      if (error !== null) reject(error);
      else resolve(reply ?? '');
    };
    const timer = setTimeout(
      () => done(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
    socket.once('error', (error) => done(error));
    socket.once('connect', () => {
      if (password !== '') socket.write(`AUTH ${password}\r\n`);
      socket.write(`${command}\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString();
        let reply: string;
        let used: number;
        if (head.startsWith('$')) {
          const length = Number(head.slice(1));
          if (length < 0) {
            reply = '';
            used = end + 2;
          } else {
            if (buffer.length < end + 2 + length + 2) return;
            reply = buffer.subarray(end + 2, end + 2 + length).toString();
            used = end + 2 + length + 2;
          }
        } else {
          reply = head;
          used = end + 2;
        }
        buffer = buffer.subarray(used);
        if (head.startsWith('-')) return done(new Error(head.slice(1)));
        if (skipReplies > 0) {
          skipReplies--;
          continue;
        }
        return done(null, reply);
      }
    });
  });
}

/** Why Redis cannot be used, or null when it answers PING. */
export async function redisProblem(): Promise<string | null> {
  const url = redisUrl();
  try {
    const reply = await redisCommand('PING', url);
    return reply === '+PONG' ? null : `Redis at ${url} answered PING with ${reply}`;
  } catch (error) {
    return `Redis at ${url} (RATIFY_BENCH_REDIS_URL): ${errorText(error)}`;
  }
}

/** A name no other bench server uses, for a PostgreSQL schema or a Redis channel prefix. */
export const benchName = (): string => `ratify_bench_${randomBytes(6).toString('hex')}`;

export async function dropSchema(serverDir: string, schema: string): Promise<void> {
  if (!/^ratify_bench_[0-9a-f]+$/.test(schema)) throw new Error(`not a bench schema: ${schema}`);
  const client = await pgConnect(serverDir);
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** What the shared services spent so far, read before and after a timed part. */
export interface ServiceStats {
  /**
   * CPU seconds (user + system) of each PostgreSQL backend serving this deployment now, by pid
   * (their connections carry its application_name).
   */
  pgBackendCpu: Map<number, number>;
  /** The next transaction id: the cluster's write transactions in between, any client's. */
  pgNextXid: number;
  /** The whole Redis server's CPU (used_cpu_sys + used_cpu_user), every client's. */
  redisCpuSeconds: number | null;
}

export async function serviceStats(
  client: PgClient,
  applicationNames: readonly string[],
  withRedis: boolean,
): Promise<ServiceStats> {
  const { rows } = await client.query<{ pid: number | null; xmax: string }>(
    `SELECT a.pid, pg_snapshot_xmax(pg_current_snapshot())::text AS xmax
       FROM (SELECT 1) AS one LEFT JOIN pg_stat_activity a ON a.application_name = ANY($1)`,
    [applicationNames],
  );
  const pgBackendCpu = new Map<number, number>();
  for (const row of rows) {
    if (row.pid === null) continue;
    try {
      pgBackendCpu.set(row.pid, procStats(row.pid).cpuSeconds);
    } catch {
      // Gone since the query, or PostgreSQL runs where this process cannot see it.
    }
  }
  let redisCpuSeconds: number | null = null;
  if (withRedis) {
    const info = await redisCommand('INFO cpu').catch(() => '');
    const field = (key: string) => Number(new RegExp(`^${key}:([\\d.]+)`, 'm').exec(info)?.[1]);
    const cpu = field('used_cpu_sys') + field('used_cpu_user');
    redisCpuSeconds = Number.isFinite(cpu) ? cpu : null;
  }
  return { pgBackendCpu, pgNextXid: Number(rows[0]?.xmax ?? Number.NaN), redisCpuSeconds };
}

/**
 * The services' share of a timed part, as metrics: `pgCpuSeconds`, what this deployment's
 * backends spent (a backend opened in between counts from its start; one closed in between,
 * after the pool's 10 s idle timeout, is left out), `pgWriteTx`, the write transactions the
 * whole cluster started, and with Redis `redisCpuSeconds`, the whole Redis server's CPU.
 * Nothing for servers without them.
 */
export function serviceDelta(
  before: ServiceStats | null,
  after: ServiceStats | null,
): { pgCpuSeconds?: number; pgWriteTx?: number; redisCpuSeconds?: number } {
  if (before === null || after === null) return {};
  let pgCpuSeconds = 0;
  for (const [pid, cpu] of after.pgBackendCpu)
    pgCpuSeconds += cpu - (before.pgBackendCpu.get(pid) ?? 0);
  return {
    pgCpuSeconds,
    pgWriteTx: after.pgNextXid - before.pgNextXid,
    ...(before.redisCpuSeconds !== null && after.redisCpuSeconds !== null
      ? { redisCpuSeconds: after.redisCpuSeconds - before.redisCpuSeconds }
      : {}),
  };
}
