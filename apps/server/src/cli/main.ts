#!/usr/bin/env node
// `ratify`: the server and its operations from one program. Every command reads the same
// configuration as the server (environment variables, see the README), with the options below
// on top.
import { Command, CommanderError } from 'commander';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { CliError } from './errors.js';
import { runMigrate } from './migrate.js';
import { serve } from './serve.js';

interface GlobalOptions {
  dataDir?: string;
  databaseUrl?: string;
  databaseSchema?: string;
}

function configFrom(options: GlobalOptions): Config {
  const env = { ...process.env };
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

export function program(): Command {
  const cli = new Command('ratify')
    .description('Ratify: the collaborative architecture review server and its operations.')
    .option('--data-dir <dir>', 'the SQLite data folder (default: DATA_DIR, else ./data)')
    .option('--database-url <url>', 'PostgreSQL instead of SQLite (default: DATABASE_URL)')
    .option(
      '--database-schema <name>',
      'the PostgreSQL schema (default: DATABASE_SCHEMA, else ratify)',
    )
    .showHelpAfterError()
    .exitOverride();
  const globals = () => cli.opts<GlobalOptions>();

  cli
    .command('serve')
    .description('run the server (websocket sync, REST API, web app) until SIGTERM or Ctrl+C')
    .action(async () => {
      await serve(configFrom(globals()));
    });

  cli
    .command('migrate')
    .description('create or upgrade the database schema (safe while instances run)')
    .action(async () => {
      process.stdout.write(`${await runMigrate(configFrom(globals()))}\n`);
    });

  return cli;
}

async function main(argv: string[]): Promise<void> {
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
