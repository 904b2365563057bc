// Backup and restore of the PostgreSQL shape with the PostgreSQL client tools: pg_dump's custom
// archive of Ratify's schema (one consistent snapshot, writes go on; the token secret is in the
// `settings` table, so it comes along), restored with pg_restore into an empty schema.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import type { Config } from '../config.js';
import { CliError } from './errors.js';
import { interactive, progress } from './progress.js';
import { newOutputFile } from './sqlite-backup.js';

type Database = NonNullable<Config['database']>;

/** libpq's view of DATABASE_URL: the password goes in the environment, never on a command line. */
function libpqTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password !== '') env.PGPASSWORD = password;
  return { dbname: parsed.toString(), env };
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    const where = new URL(url);
    throw new CliError(
      `cannot reach PostgreSQL at ${where.hostname}:${where.port || 5432}: ${(error as Error).message}`,
    );
  }
  return client;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function tableCount(client: pg.Client, schema: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1',
    [schema],
  );
  return rows[0]?.n ?? 0;
}

async function schemaExists(client: pg.Client, schema: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
    schema,
  ]);
  return (rowCount ?? 0) > 0;
}

/**
 * Run a PostgreSQL client tool to completion; `onLine` sees each line it writes to stderr.
 * Resolves with the exit code and what it said that looks like an error.
 */
function runTool(
  tool: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void = () => {},
): Promise<{ code: number | null; said: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      onLine(line);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(
          new CliError(
            `${tool} is not installed (or not on PATH): install the PostgreSQL client tools of your server's version or newer, e.g. apt-get install postgresql-client`,
          ),
        );
      } else reject(error);
    });
    child.once('close', (code) => {
      const errors = lines.filter((l) => /error|fatal/i.test(l));
      const said = (errors.length > 0 ? errors : lines.slice(-5)).join('; ');
      resolve({ code, said: said || stdout.trim().split('\n').slice(-5).join('; ') });
    });
  });
}

function fsyncPath(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface PgBackupSummary {
  file: string;
  bytes: number;
  schema: string;
  tables: number;
}

/** `pg_dump --format=custom --schema=<schema>` to `out` (complete, or not there at all). */
export async function pgBackup(database: Database, out: string): Promise<PgBackupSummary> {
  const target = newOutputFile(out);
  const { schema } = database;
  const tables = await withClient(database.url, (client) => tableCount(client, schema));
  if (tables === 0) {
    throw new CliError(
      `schema ${schema} has no tables: there is nothing to back up (check --database-schema or DATABASE_SCHEMA)`,
    );
  }
  const { dbname, env } = libpqTarget(database.url);
  const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
  const bar = progress('backup', 'tables');
  bar.total(tables);
  let done = 0;
  try {
    const args = [
      '--format=custom',
      `--schema=${schema}`,
      `--file=${partial}`,
      '--no-password',
      ...(interactive() ? ['--verbose'] : []),
      `--dbname=${dbname}`,
    ];
    const { code, said } = await runTool('pg_dump', args, env, (line) => {
      if (/dumping contents of table/.test(line)) bar.update(++done);
    });
    if (code !== 0) throw new CliError(`pg_dump failed (exit ${code}): ${said}`);
    fsyncPath(partial);
    renameSync(partial, target);
    fsyncPath(path.dirname(target));
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    bar.stop();
  }
  return { file: target, bytes: statSync(target).size, schema, tables };
}

interface ArchiveContents {
  /** The schema the archive's tables are in. */
  schema: string;
  /** The table of contents, as pg_restore --list prints it. */
  list: string;
  /** Tables with data, for progress. */
  dataEntries: number;
}

/** Read and check the archive's table of contents: one schema of Ratify tables. */
async function readArchive(file: string): Promise<ArchiveContents> {
  const chunks: string[] = [];
  const listed = await new Promise<{ code: number | null; said: string }>((resolve, reject) => {
    const child = spawn('pg_restore', ['--list', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => chunks.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new CliError(
              'pg_restore is not installed (or not on PATH): install the PostgreSQL client tools, e.g. apt-get install postgresql-client',
            )
          : error,
      ),
    );
    child.once('close', (code) => resolve({ code, said: stderr.trim() }));
  });
  if (listed.code !== 0) {
    throw new CliError(`${file} is not a readable pg_dump archive: ${listed.said}`);
  }
  const list = chunks.join('');
  const schemas = new Set<string>();
  let migrations: string | null = null;
  let dataEntries = 0;
  for (const line of list.split('\n')) {
    if (/^\d+; \d+ \d+ TABLE DATA /.test(line)) {
      dataEntries++;
      continue;
    }
    const table = /^\d+; \d+ \d+ TABLE (\S+) (\S+) /.exec(line);
    if (table === null) continue;
    const [, namespace, name] = table as unknown as [string, string, string];
    schemas.add(namespace);
    if (name === 'ratify_migrations') migrations = namespace;
  }
  if (migrations === null) {
    throw new CliError(`${file} is a pg_dump archive but not of a Ratify schema`);
  }
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(migrations)) {
    throw new CliError(
      `${file} is of schema ${JSON.stringify(migrations)}, not a Ratify schema name`,
    );
  }
  if (schemas.size !== 1) {
    throw new CliError(
      `${file} holds tables of several schemas (${[...schemas].join(', ')}); a Ratify backup holds one`,
    );
  }
  return { schema: migrations, list, dataEntries };
}

export interface PgRestoreSummary {
  schema: string;
  fromSchema: string;
  docs: number;
  users: number;
}

/**
 * Restore a pg_dump archive of Ratify's schema into `database.schema`, which must have no tables.
 * pg_restore recreates objects under the schema name they were dumped from: into another name,
 * that one is restored and then renamed, so it must not exist in this database.
 */
export async function pgRestore(database: Database, file: string): Promise<PgRestoreSummary> {
  const archive = await readArchive(file);
  const from = archive.schema;
  const into = database.schema;
  const client = await connect(database.url);
  let created = false;
  let listDir: string | null = null;
  const bar = progress('restore', 'tables');
  try {
    const tables = await tableCount(client, into);
    if (tables > 0) {
      throw new CliError(
        `schema ${into} already has ${tables} tables: restore into an empty schema (choose one with --database-schema)`,
      );
    }
    if (from !== into && (await schemaExists(client, from))) {
      throw new CliError(
        `the backup is of schema ${from}, which exists in this database: pg_restore recreates a schema under its own name, so restore it into schema ${into} of a database without ${from}, or as ${from} into another database`,
      );
    }
    created = !(await schemaExists(client, from));
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${from}`);
    // The schema exists now (made above): restore everything in it but the schema itself.
    listDir = await mkdtemp(path.join(tmpdir(), 'ratify-restore-'));
    const listFile = path.join(listDir, 'toc.list');
    const schemaEntry = new RegExp(`^\\d+; \\d+ \\d+ SCHEMA - ${from} `);
    await writeFile(
      listFile,
      archive.list
        .split('\n')
        .filter((line) => !schemaEntry.test(line))
        .join('\n'),
    );
    const { dbname, env } = libpqTarget(database.url);
    bar.total(archive.dataEntries);
    let done = 0;
    const { code, said } = await runTool(
      'pg_restore',
      [
        '--single-transaction',
        '--exit-on-error',
        '--no-owner',
        '--no-acl',
        '--no-password',
        `--use-list=${listFile}`,
        ...(interactive() ? ['--verbose'] : []),
        `--dbname=${dbname}`,
        file,
      ],
      env,
      (line) => {
        if (/processing data for table/.test(line)) bar.update(++done);
      },
    );
    if (code !== 0) throw new CliError(`pg_restore failed (exit ${code}): ${said}`);
    if (from !== into) {
      await client.query('BEGIN');
      await client.query(`DROP SCHEMA IF EXISTS ${into} RESTRICT`);
      await client.query(`ALTER SCHEMA ${from} RENAME TO ${into}`);
      await client.query('COMMIT');
    }
    created = false;
    const counted = async (table: string) =>
      (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${into}.${table}`)).rows[0]
        ?.n ?? 0;
    return {
      schema: into,
      fromSchema: from,
      docs: await counted('docs'),
      users: await counted('users'),
    };
  } catch (error) {
    if (created) {
      await client.query('ROLLBACK').catch(() => {});
      await client.query(`DROP SCHEMA IF EXISTS ${from} CASCADE`).catch(() => {});
    }
    throw error;
  } finally {
    bar.stop();
    if (listDir !== null) await rm(listDir, { recursive: true, force: true });
    await client.end();
  }
}
