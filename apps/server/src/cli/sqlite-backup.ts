// Backup and restore of the SQLite shape: DATA_DIR/ratify.db and the token secret beside it.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from '../config.js';
import { CliError } from './errors.js';
import { interactive, progress } from './progress.js';

/** What a backup file says about itself, in the `ratify_backup` table of the copy. */
export const BACKUP_TABLE = 'ratify_backup';
export const BACKUP_FORMAT = 1;

type SecretSource = 'file' | 'SESSION_SECRET' | 'none';

interface BackupInfo {
  format: number;
  createdAt: number;
  /** DATA_DIR/session-secret as it was, or null (SESSION_SECRET set, or no secret yet). */
  secret: string | null;
  secretSource: SecretSource;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  docs: number;
  users: number;
  secretSource: SecretSource;
}

/** Pages per step while a bar is drawn (about 50 steps), else everything in one step. */
const ALL_PAGES = 0x7fffffff;

const SQLITE_MAGIC = 'SQLite format 3\0';
const PG_MAGIC = 'PGDMP';

/** The first bytes of `file`: what kind of file it is. */
export function fileKind(file: string): 'sqlite' | 'pg_dump' | 'other' {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const read = readSync(fd, head, 0, 16, 0);
    const text = head.subarray(0, read).toString('latin1');
    if (text === SQLITE_MAGIC) return 'sqlite';
    if (text.startsWith(PG_MAGIC)) return 'pg_dump';
    return 'other';
  } finally {
    closeSync(fd);
  }
}

/** Check that `out` may be written: a new file in an existing folder. */
export function newOutputFile(out: string): string {
  const target = path.resolve(out);
  if (existsSync(target)) {
    throw new CliError(`${target} exists already: a backup never overwrites, choose a new name`);
  }
  const dir = path.dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CliError(`the folder ${dir} does not exist`);
  }
  return target;
}

function fsyncPath(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const count = (db: Database.Database, table: string): number =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function hasTable(db: Database.Database, table: string): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !==
    undefined
  );
}

/**
 * Copy the live database with SQLite's online backup API from a read-only connection beside the
 * running server (its writes go on; WAL readers never block them), then record the token secret
 * in the copy, never in the live database. Written to a temporary name and renamed into place
 * once complete and synced, so `out` is either a whole backup or absent.
 */
export async function sqliteBackup(config: Config, out: string): Promise<BackupSummary> {
  const source = path.join(config.dataDir, 'ratify.db');
  if (!existsSync(source)) {
    throw new CliError(`there is no Ratify database at ${source} (check --data-dir or DATA_DIR)`);
  }
  const target = newOutputFile(out);
  const secretFile = path.join(config.dataDir, 'session-secret');
  const info: BackupInfo = {
    format: BACKUP_FORMAT,
    createdAt: Date.now(),
    secret: existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : null,
    secretSource:
      config.sessionSecret !== null ? 'SESSION_SECRET' : existsSync(secretFile) ? 'file' : 'none',
  };
  if (config.sessionSecret !== null) info.secret = null;

  const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
  const bar = progress('backup', 'pages');
  try {
    const live = new Database(source, { readonly: true, fileMustExist: true });
    try {
      live.pragma('busy_timeout = 5000');
      if (!hasTable(live, 'docs')) {
        throw new CliError(`${source} is not a Ratify database (it has no documents table)`);
      }
      let lastRemaining = Number.POSITIVE_INFINITY;
      let restarts = 0;
      await live.backup(partial, {
        progress: ({ totalPages, remainingPages }) => {
          // A write by the server between two steps restarts the copy; after a couple of those,
          // copy the rest in one step (one read transaction: consistent, writers unaffected).
          if (remainingPages > lastRemaining) restarts++;
          lastRemaining = remainingPages;
          bar.total(totalPages);
          bar.update(totalPages - remainingPages);
          if (!interactive() || restarts >= 2) return ALL_PAGES;
          return Math.max(100, Math.ceil(totalPages / 50));
        },
      });
    } finally {
      live.close();
    }
    bar.stop();
    const copy = new Database(partial, { fileMustExist: true });
    let summary: Omit<BackupSummary, 'file' | 'bytes'>;
    try {
      copy.exec(
        `CREATE TABLE ${BACKUP_TABLE} (
           format INTEGER NOT NULL, created_at INTEGER NOT NULL,
           secret TEXT, secret_source TEXT NOT NULL) STRICT`,
      );
      copy
        .prepare(
          `INSERT INTO ${BACKUP_TABLE} (format, created_at, secret, secret_source) VALUES (?, ?, ?, ?)`,
        )
        .run(info.format, info.createdAt, info.secret, info.secretSource);
      // One self-contained file: no -wal beside it.
      copy.pragma('journal_mode = DELETE');
      summary = {
        docs: count(copy, 'docs'),
        users: hasTable(copy, 'users') ? count(copy, 'users') : 0,
        secretSource: info.secretSource,
      };
    } finally {
      copy.close();
    }
    fsyncPath(partial);
    renameSync(partial, target);
    fsyncPath(path.dirname(target));
    return { file: target, bytes: statSync(target).size, ...summary };
  } catch (error) {
    bar.stop();
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
    rmSync(`${partial}-wal`, { force: true });
    rmSync(`${partial}-shm`, { force: true });
    throw error;
  }
}

/** The backup's own record, after checking `file` is a whole Ratify SQLite backup. */
function readBackupInfo(file: string): BackupInfo & { docs: number; users: number } {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new CliError(`${file} cannot be opened: ${(error as Error).message}`);
  }
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new CliError(`${file} is damaged: ${String(check)}`);
    if (!hasTable(db, BACKUP_TABLE) || !hasTable(db, 'docs')) {
      throw new CliError(
        `${file} is an SQLite database but not a Ratify backup (make one with ratify backup)`,
      );
    }
    const row = db
      .prepare(`SELECT format, created_at, secret, secret_source FROM ${BACKUP_TABLE}`)
      .get() as
      | { format: number; created_at: number; secret: string | null; secret_source: SecretSource }
      | undefined;
    if (row === undefined) throw new CliError(`${file} is an incomplete Ratify backup`);
    if (row.format !== BACKUP_FORMAT) {
      throw new CliError(
        `${file} is a Ratify backup of format ${row.format}; this ratify reads format ${BACKUP_FORMAT}`,
      );
    }
    return {
      format: row.format,
      createdAt: row.created_at,
      secret: row.secret,
      secretSource: row.secret_source,
      docs: count(db, 'docs'),
      users: hasTable(db, 'users') ? count(db, 'users') : 0,
    };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file} is not a readable Ratify backup: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

export interface RestoreSummary {
  dataDir: string;
  createdAt: number;
  docs: number;
  users: number;
  secretSource: SecretSource;
}

/**
 * Restore a backup into an empty data folder: the database (without the backup's own table)
 * and the token secret (mode 0600). Refuses a folder that holds a database already. The database
 * file appears last, under its name only once complete.
 */
export async function sqliteRestore(config: Config, file: string): Promise<RestoreSummary> {
  const info = readBackupInfo(file);
  const dir = config.dataDir;
  const dbFile = path.join(dir, 'ratify.db');
  const secretFile = path.join(dir, 'session-secret');
  for (const existing of [dbFile, `${dbFile}-wal`]) {
    if (existsSync(existing)) {
      throw new CliError(
        `${dir} already holds a database (${path.basename(existing)}): restore into an empty data folder`,
      );
    }
  }
  if (info.secret !== null && existsSync(secretFile)) {
    throw new CliError(`${dir} already holds a session-secret: restore into an empty data folder`);
  }
  await mkdir(dir, { recursive: true });
  const partial = path.join(dir, `ratify.db.restoring-${randomBytes(4).toString('hex')}`);
  const bar = progress('restore', 'steps');
  bar.total(3);
  let wroteSecret = false;
  try {
    copyFileSync(file, partial);
    bar.update(1);
    const db = new Database(partial, { fileMustExist: true });
    try {
      db.exec(`DROP TABLE ${BACKUP_TABLE}`);
      db.pragma('journal_mode = WAL');
    } finally {
      db.close();
    }
    bar.update(2);
    if (info.secret !== null) {
      writeFileSync(secretFile, info.secret, { mode: 0o600, flag: 'wx' });
      wroteSecret = true;
      fsyncPath(secretFile);
    }
    fsyncPath(partial);
    renameSync(partial, dbFile);
    fsyncPath(dir);
    bar.update(3);
  } catch (error) {
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) {
      rmSync(leftover, { force: true });
    }
    if (wroteSecret) rmSync(secretFile, { force: true });
    throw error;
  } finally {
    bar.stop();
  }
  return {
    dataDir: dir,
    createdAt: info.createdAt,
    docs: info.docs,
    users: info.users,
    secretSource: info.secretSource,
  };
}
