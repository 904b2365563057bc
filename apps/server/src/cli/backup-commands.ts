// `ratify backup` and `ratify restore`: direct only (the data folder or DATABASE_URL).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { CliError } from './errors.js';
import { isoTime } from './output.js';
import { pgBackup, pgRestore } from './pg-backup.js';
import { fileKind, sqliteBackup, sqliteRestore } from './sqlite-backup.js';

const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${Math.max(1, Math.round(bytes / 1024))} KiB`;

const say = (line: string) => process.stdout.write(`${line}\n`);

const count = (n: number, thing: string) => `${n} ${thing}${n === 1 ? '' : 's'}`;

export async function runBackup(config: Config, out: string): Promise<void> {
  if (config.database !== null) {
    const done = await pgBackup(config.database, out);
    say(
      `backed up PostgreSQL schema ${done.schema} (${count(done.tables, 'table')}) to ${done.file} (${size(done.bytes)})`,
    );
    return;
  }
  const done = await sqliteBackup(config, out);
  say(
    `backed up ${config.dataDir} (${count(done.docs, 'document')}, ${count(done.users, 'account')}) to ${done.file} (${size(done.bytes)})`,
  );
  if (done.secretSource === 'SESSION_SECRET') {
    say(
      'the token secret is SESSION_SECRET: keep it with the backup, the restored server needs it',
    );
  }
}

export async function runRestore(config: Config, file: string): Promise<void> {
  const source = path.resolve(file);
  if (!existsSync(source) || !statSync(source).isFile()) {
    throw new CliError(`there is no backup file ${source}`);
  }
  const kind = fileKind(source);
  if (kind === 'other') {
    throw new CliError(
      `${source} is not a Ratify backup: neither an SQLite backup made by ratify backup nor a pg_dump custom archive`,
    );
  }
  if (kind === 'pg_dump') {
    if (config.database === null) {
      throw new CliError(
        `${source} is a PostgreSQL backup (pg_dump archive): restore it with --database-url or DATABASE_URL`,
      );
    }
    const done = await pgRestore(config.database, source);
    const renamed = done.fromSchema !== done.schema ? ` (backed up as ${done.fromSchema})` : '';
    say(
      `restored ${count(done.docs, 'document')} and ${count(done.users, 'account')} into PostgreSQL schema ${done.schema}${renamed}`,
    );
    return;
  }
  if (config.database !== null) {
    throw new CliError(
      `${source} is an SQLite backup: restore it into a data folder (--data-dir), without DATABASE_URL`,
    );
  }
  const done = await sqliteRestore(config, source);
  say(
    `restored ${count(done.docs, 'document')} and ${count(done.users, 'account')} (backup of ${isoTime(done.createdAt)}) into ${done.dataDir}`,
  );
  if (done.secretSource === 'SESSION_SECRET') {
    say('the backed-up server signed tokens with SESSION_SECRET: start this one with the same');
  }
}

export function registerBackupCommands(cli: Command, config: () => Config): void {
  cli
    .command('backup')
    .description(
      'write a consistent backup of everything Ratify stores while the server runs (direct only)',
    )
    .requiredOption('--out <file>', 'the backup file to write (must not exist)')
    .addHelpText(
      'after',
      `
Direct only: reads the data folder (--data-dir / DATA_DIR) or, with DATABASE_URL, runs
pg_dump --format=custom on the schema. Writes go on during the backup; it holds the state of
one moment. SQLite backups include the token secret (DATA_DIR/session-secret).`,
    )
    .action(async (options: { out: string }) => {
      await runBackup(config(), options.out);
    });

  cli
    .command('restore')
    .description('restore a backup into an empty data folder or PostgreSQL schema (direct only)')
    .argument('<file>', 'a backup made by ratify backup')
    .addHelpText(
      'after',
      `
Direct only. SQLite: into --data-dir / DATA_DIR, which must not hold a database yet. PostgreSQL
(--database-url / DATABASE_URL): with pg_restore into --database-schema / DATABASE_SCHEMA,
which must have no tables. Start the server on the restored data afterwards.`,
    )
    .action(async (file: string) => {
      await runRestore(config(), file);
    });
}
