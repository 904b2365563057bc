#!/usr/bin/env node
// `ratify`: the server and its operations from one program. Every command reads the same
// configuration as the server (environment variables, see the README), with the options below
// on top.
import { Command, CommanderError } from 'commander';
import { registerBackupCommands } from './backup-commands.js';
import { configFrom, type GlobalOptions } from './context.js';
import { registerDocCommands } from './doc-commands.js';
import { runMigrate } from './migrate.js';
import { serve } from './serve.js';
import { registerUserCommands } from './users.js';

export function program(): Command {
  const cli = new Command('ratify')
    .description('Ratify: the collaborative architecture review server and its operations.')
    .option('--data-dir <dir>', 'the SQLite data folder (default: DATA_DIR, else ./data)')
    .option('--database-url <url>', 'PostgreSQL instead of SQLite (default: DATABASE_URL)')
    .option(
      '--database-schema <name>',
      'the PostgreSQL schema (default: DATABASE_SCHEMA, else ratify)',
    )
    .addHelpText(
      'after',
      `
Every command but serve works directly on the data folder or DATABASE_URL, beside a running
server or without one. import, export, docs, diff and verify can talk to a running server
instead: --url and --token (or RATIFY_URL and RATIFY_TOKEN). backup, restore, users and
migrate are direct only. Exit codes: 0 done, 1 failed (the reason on stderr).`,
    )
    .showHelpAfterError()
    .exitOverride();
  const config = () => configFrom(cli.opts<GlobalOptions>());

  cli
    .command('serve')
    .description('run the server (websocket sync, REST API, web app) until SIGTERM or Ctrl+C')
    .action(async () => {
      await serve(config());
    });

  cli
    .command('migrate')
    .description('create or upgrade the database schema (safe while instances run; direct only)')
    .action(async () => {
      process.stdout.write(`${await runMigrate(config())}\n`);
    });

  registerBackupCommands(cli, config);
  registerDocCommands(cli, config);
  registerUserCommands(cli, config);
  return cli;
}

async function main(argv: string[]): Promise<void> {
  // Output piped into something that stopped reading (| head): nothing more to say.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    await program().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; a usage error was already printed with the help.
      process.exit(error.exitCode);
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`ratify: ${message}\n`);
    process.exit(1);
  }
}

void main(process.argv);
