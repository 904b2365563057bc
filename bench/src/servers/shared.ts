/**
 * One deployment's share of the PostgreSQL (and Redis) that ratify-pg and ratify-2x run on: a
 * schema of its own, a Redis channel prefix of its own, the environment each instance gets, and
 * a monitoring connection for ServiceStats. `close()` drops the schema; so does an interrupted
 * bench.
 */
import { cleanupOnInterrupt } from './process.js';
import {
  benchName,
  dropSchema,
  type PgClient,
  pgConnect,
  postgresEnv,
  postgresProblem,
  postgresUrl,
  redisProblem,
  redisUrl,
  type ServiceStats,
  ServiceUnavailable,
  serviceStats,
} from './services.js';

export interface SharedServices {
  readonly schema: string;
  /** Ratify's environment for instance `i`: DATABASE_URL and schema, REDIS_URL and prefix. */
  env(instance: number): Record<string, string>;
  /** Opens the monitoring connection (after the first instance has made the schema). */
  monitor(): Promise<void>;
  stats(): Promise<ServiceStats>;
  /** Closes the monitoring connection and drops the schema (problems are reported, not thrown). */
  close(): Promise<void>;
}

/** Checked once per bench run: a missing service gives every case the same skipped row. */
let postgresChecked: Promise<string | null> | null = null;
let redisChecked: Promise<string | null> | null = null;

export async function sharedServices(
  serverDir: string,
  withRedis: boolean,
): Promise<SharedServices> {
  postgresChecked ??= postgresProblem(serverDir);
  const pgProblem = await postgresChecked;
  if (pgProblem !== null) throw new ServiceUnavailable(pgProblem);
  if (withRedis) {
    redisChecked ??= redisProblem();
    const problem = await redisChecked;
    if (problem !== null) throw new ServiceUnavailable(problem);
  }
  const schema = benchName();
  const prefix = benchName();
  const appName = (instance: number) => `${schema}_${instance}`;
  const instances = withRedis ? 2 : 1;
  let client: PgClient | null = null;
  let closed = false;
  const drop = async () => {
    try {
      await dropSchema(serverDir, schema);
    } catch (error) {
      console.error(`could not drop PostgreSQL schema ${schema}: ${String(error)}`);
    }
  };
  const unhook = cleanupOnInterrupt(drop);
  return {
    schema,
    env: (instance) => ({
      ...postgresEnv(),
      DATABASE_URL: postgresUrl(),
      DATABASE_SCHEMA: schema,
      // node-postgres names its connections after PGAPPNAME: how stats() finds the backends.
      PGAPPNAME: appName(instance),
      ...(withRedis ? { REDIS_URL: redisUrl(), REDIS_PREFIX: prefix } : {}),
    }),
    async monitor() {
      client ??= await pgConnect(serverDir);
    },
    async stats() {
      if (client === null) throw new Error('the monitoring connection is not open');
      return serviceStats(
        client,
        Array.from({ length: instances }, (_, i) => appName(i)),
        withRedis,
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await client?.end().catch(() => {});
      client = null;
      await drop();
      unhook();
    },
  };
}
