// The `ratify` program, run as a subprocess the way an operator runs it: exit codes and output.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/storage/postgres/migrations.js';
import { freshSchema, testPostgresUrl } from '../src/storage/postgres/testing.js';
import { freePort, onCleanup, tempDir } from './helpers.js';

const cliMain = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/cli/main.js');
const pgUrl = testPostgresUrl();

/** Run `ratify …args` to completion (bounded), with `env` on top of the test's environment. */
function ratify(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cliMain, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ratify ${args.join(' ')} did not finish within 30 s`));
    }, 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

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
    const run = await ratify(['migrate', '--data-dir', dir], { DATABASE_URL: '' });
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
});
