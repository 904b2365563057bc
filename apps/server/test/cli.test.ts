// The `ratify` program, run as a subprocess the way an operator runs it: exit codes and output.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/storage/postgres/migrations.js';
import { freshSchema, testPostgresUrl } from '../src/storage/postgres/testing.js';
import { ratify } from './cli-run.js';
import { freePort, onCleanup, tempDir } from './helpers.js';

const pgUrl = testPostgresUrl();

describe('the ratify CLI', () => {
  it('[CLI1] --help lists the commands and exits 0; an unknown command or option exits non-zero with a message', async () => {
    const help = await ratify(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/serve/);
    expect(help.stdout).toMatch(/migrate/);
    expect((await ratify(['migrate', '--help'])).stdout).toMatch(/create or upgrade/);
    const unknown = await ratify(['frobnicate']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const badOption = await ratify(['migrate', '--no-such-option']);
    expect(badOption.code).not.toBe(0);
    expect(badOption.stderr).toMatch(/unknown option/);
  });

  it('[CLI2] migrate on SQLite creates the database in the data folder; a bad setting is named', async () => {
    const dir = await tempDir();
    const run = await ratify(['migrate', '--data-dir', dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/is up to date/);
    expect(existsSync(path.join(dir, 'ratify.db'))).toBe(true);
    const bad = await ratify(['migrate', '--data-dir', dir], { PORT: 'eighty' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^ratify: Invalid configuration:\n\s+PORT="eighty"/);
  });

  it.skipIf(pgUrl === null)(
    '[CLI3] migrate on PostgreSQL applies every migration once (a second run has nothing to do); an unreachable database exits 1 saying so',
    async () => {
      const { schema, drop } = freshSchema(pgUrl as string);
      onCleanup(drop);
      const args = ['migrate', '--database-url', pgUrl as string, '--database-schema', schema];
      const first = await ratify(args);
      expect(first.code, first.stderr).toBe(0);
      const last = MIGRATIONS.at(-1) as { version: number; name: string };
      expect(first.stdout).toContain(`applied 1 (${MIGRATIONS[0]?.name}), 2 (`);
      expect(first.stdout).toContain(
        `${last.version} (${last.name}); now at version ${last.version}`,
      );
      const second = await ratify(args);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain(`is up to date (version ${last.version})`);
      const port = await freePort();
      const down = await ratify(['migrate', '--database-url', `postgres://127.0.0.1:${port}/x`]);
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(new RegExp(`cannot reach PostgreSQL at 127.0.0.1:${port}`));
    },
  );

  it('[CLI4] --help names every command, which are direct only, and the exit codes; each command has its own help', async () => {
    const help = await ratify(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'migrate', 'backup', 'restore', 'import', 'export', 'docs']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    for (const command of ['diff', 'verify', 'users']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(help.stdout).toMatch(/backup, restore, users and\s+migrate are direct only/);
    expect(help.stdout).toMatch(/Exit codes: 0 done, 1 failed/);
    const helps: Array<[string[], RegExp]> = [
      [['backup', '--help'], /Direct only/],
      [['restore', '--help'], /Direct only/],
      [['users', '--help'], /Direct only/],
      [['users', 'create', '--help'], /--email <email>/],
      [['import', '--help'], /--owner <email>[\s\S]*--url <url>[\s\S]*RATIFY_TOKEN/],
      [['export', '--help'], /--version <n>/],
      [['docs', '--help'], /--url <url>/],
      [['diff', '--help'], /--from <version>[\s\S]*--to <version>/],
      [['verify', '--help'], /sign-off chain/],
    ];
    for (const [args, expected] of helps) {
      const run = await ratify(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout, args.join(' ')).toMatch(expected);
    }
    // A missing argument or required option is commander's usage error (exit 1, with the help).
    const missing = await ratify(['backup']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/required option '--out <file>' not specified/);
    const noFile = await ratify(['restore']);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/missing required argument 'file'/);
  });
});
