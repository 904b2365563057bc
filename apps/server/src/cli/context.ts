// What every command starts from: the configuration (environment plus the global options), the
// stores opened directly on it, or a running server's address and token for remote mode.
import { type Config, ConfigError, loadConfig } from '../config.js';
import { type Backend, openBackend } from '../storage/backend.js';
import { CliError } from './errors.js';

export interface GlobalOptions {
  dataDir?: string;
  databaseUrl?: string;
  databaseSchema?: string;
}

export function configFrom(options: GlobalOptions, environment = process.env): Config {
  const env = { ...environment };
  if (options.dataDir !== undefined) env.DATA_DIR = options.dataDir;
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl;
  if (options.databaseSchema !== undefined) env.DATABASE_SCHEMA = options.databaseSchema;
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

/** Open every store on `config`, run `work`, and close them again (also when it fails). */
export async function withBackend<T>(
  config: Config,
  work: (backend: Backend) => Promise<T>,
): Promise<T> {
  let backend: Backend;
  try {
    backend = await openBackend(config);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const where =
      config.database !== null
        ? `PostgreSQL (schema ${config.database.schema})`
        : `the data folder ${config.dataDir}`;
    throw new CliError(`cannot open ${where}: ${message}`);
  }
  try {
    return await work(backend);
  } finally {
    await backend.storage.close();
  }
}

export interface RemoteOptions {
  url?: string;
  token?: string;
}

export interface Remote {
  /** The server's address (origin, and a path prefix behind a proxy), without a trailing slash. */
  url: string;
  token: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Remote mode when a server address is given (--url, else RATIFY_URL), with its bearer token
 * (--token, else RATIFY_TOKEN); null for direct mode. Plain http only to this machine: the token
 * is a password.
 */
export function remoteFrom(options: RemoteOptions, env = process.env): Remote | null {
  const url = options.url ?? (env.RATIFY_URL || undefined);
  const token = options.token ?? (env.RATIFY_TOKEN || undefined);
  if (url === undefined) {
    if (options.token !== undefined) {
      throw new CliError('--token is for a running server: give its address with --url too');
    }
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`--url ${JSON.stringify(url)} is not a URL (e.g. https://ratify.example)`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new CliError(`--url must be an https:// address, not ${parsed.protocol}`);
  }
  if (parsed.protocol === 'http:' && !LOOPBACK.has(parsed.hostname)) {
    throw new CliError(
      `--url ${parsed.origin}: use https:// (plain http:// only to localhost), the token would travel in the clear`,
    );
  }
  if (token === undefined) {
    throw new CliError(
      `a token is needed to talk to ${parsed.origin}: pass --token or set RATIFY_TOKEN (an API token from your account settings)`,
    );
  }
  return { url: `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`, token };
}
