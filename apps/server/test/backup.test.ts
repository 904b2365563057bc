// `ratify backup` and `ratify restore` against real server processes: a backup taken while a
// client types holds everything acknowledged before it began, and restores into a server that
// serves it (tokens included) with an intact sign-off chain.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { freshSchema, testPostgresUrl } from '../src/storage/postgres/testing.js';
import { ratify, ratifyOk, ratifyOnTerminal } from './cli-run.js';
import { FAST, reviewedDoc, typist } from './cli-scenes.js';
import {
  apiCall,
  connectProvider,
  containsAll,
  onCleanup,
  onTick,
  tempDir,
  until,
  whenSynced,
} from './helpers.js';
import { type RatifyProcess, ratifyProcess } from './processes.js';

const pgUrl = testPostgresUrl();

function tableNames(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
        name: string;
      }>
    ).map((r) => r.name);
  } finally {
    db.close();
  }
}

/** A SIGTERM and the wait for the process to go. */
async function stop(server: RatifyProcess): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A data folder holding one account (made by the CLI), so it has a database to back up. */
async function dataDirWithAnAccount(): Promise<string> {
  const dataDir = await tempDir();
  await ratifyOk([
    'users',
    'create',
    '--email',
    'a@example.test',
    '--name',
    'A',
    '--data-dir',
    dataDir,
  ]);
  return dataDir;
}

describe('ratify backup and restore', () => {
  it('[CLI5] a backup taken while a client types holds every update acknowledged before it began; restored, a new server serves it with the same tokens and an intact sign-off chain', async () => {
    const dataDir = await tempDir();
    const server = await ratifyProcess({ DATA_DIR: dataDir, ...FAST });
    const { owner, docId, records } = await reviewedDoc(server);
    const typing = await typist(server, owner, docId);
    await until(() => typing.savedUpdates() >= 30, onTick(), 10_000, 'typing to get going');

    const ackedBefore = typing.savedUpdates();
    const out = path.join(await tempDir(), 'ratify.backup');
    const backup = await ratify(['backup', '--out', out, '--data-dir', dataDir]);
    const ackedAfter = typing.savedUpdates();
    await typing.stop();
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(
      new RegExp(`^backed up ${dataDir} \\(1 document, 2 accounts\\) to ${out} \\(\\d+ KiB\\)\\n$`),
    );
    expect(backup.stderr).toBe('');
    // Writes went on while the backup ran, and the socket never reconnected (no update resent).
    expect(ackedAfter).toBeGreaterThan(ackedBefore);
    expect(typing.sentFrames()).toBe(typing.local.length);
    // The backup's own record went into the copy only.
    expect(tableNames(out)).toContain('ratify_backup');
    expect(tableNames(path.join(dataDir, 'ratify.db'))).not.toContain('ratify_backup');

    const restoredDir = path.join(await tempDir(), 'restored');
    const restore = await ratify(['restore', out, '--data-dir', restoredDir]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(
      new RegExp(
        `^restored 1 document and 2 accounts \\(backup of \\S+\\) into ${restoredDir}\\n$`,
      ),
    );
    const secret = path.join(restoredDir, 'session-secret');
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    expect(readFileSync(secret, 'utf8')).toBe(
      readFileSync(path.join(dataDir, 'session-secret'), 'utf8').trim(),
    );
    expect(tableNames(path.join(restoredDir, 'ratify.db'))).not.toContain('ratify_backup');

    const restored = await ratifyProcess({ DATA_DIR: restoredDir });
    // The same session and the same document token (signed with the restored secret) work.
    const reader = connectProvider(restored.syncUrl, docId, { token: typing.docToken });
    await whenSynced(reader);
    expect(containsAll(reader.doc, typing.local.slice(0, ackedBefore))).toBe(true);
    const markdown = await ratifyOk(['export', docId, '--data-dir', restoredDir]);
    expect(markdown).toMatch(new RegExp(`^typed ${ackedBefore - 1}$`, 'm'));
    const verify = await ratify(['verify', docId, '--data-dir', restoredDir]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toBe(`ok, ${records} records\n`);
    const viaServer = await apiCall(restored, owner, 'GET', `docs/${docId}/signoffs/verify`);
    expect(viaServer.body).toMatchObject({ ok: true, length: records });
  }, 90_000);

  it('[CLI6] restore checks the file and the target first: not a backup, no such file, a folder holding a database, the wrong kind of backup for the storage', async () => {
    const dataDir = await dataDirWithAnAccount();
    const work = await tempDir();
    const out = path.join(work, 'b.sqlite');
    await ratifyOk(['backup', '--out', out, '--data-dir', dataDir]);

    // A backup never overwrites; a data folder without a database has nothing to back up.
    const again = await ratify(['backup', '--out', out, '--data-dir', dataDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `ratify: ${out} exists already: a backup never overwrites, choose a new name\n`,
    );
    const empty = await ratify([
      'backup',
      '--out',
      path.join(work, 'x'),
      '--data-dir',
      path.join(work, 'none'),
    ]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^ratify: there is no Ratify database at .*ratify\.db/);

    const markdown = path.join(work, 'notes.md');
    writeFileSync(markdown, '# Not a backup\n');
    const plain = path.join(work, 'plain.db');
    new Database(plain).exec('CREATE TABLE t (x INTEGER)');
    const target = path.join(work, 'target');
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['restore', markdown], {}, /is not a Ratify backup: neither an SQLite backup/],
      [['restore', path.join(work, 'missing')], {}, /there is no backup file/],
      [['restore', plain], {}, /is an SQLite database but not a Ratify backup/],
      [['restore', out], { DATA_DIR: dataDir }, /already holds a database \(ratify\.db\)/],
      [
        ['restore', out, '--database-url', 'postgres://127.0.0.1:1/none'],
        {},
        /is an SQLite backup: restore it into a data folder/,
      ],
    ];
    for (const [args, env, expected] of cases) {
      const run = await ratify(args, { DATA_DIR: target, ...env });
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr, args.join(' ')).toMatch(/^ratify: /);
      expect(run.stderr, args.join(' ')).toMatch(expected);
      expect(run.stdout).toBe('');
    }
    // Nothing was left behind by the refusals.
    expect(existsSync(target)).toBe(false);
    // The data folder's secret is not overwritten by a restore into it either.
    const onlySecret = await tempDir();
    writeFileSync(path.join(onlySecret, 'session-secret'), 'x'.repeat(43));
    const secretRun = await ratify(['restore', out, '--data-dir', onlySecret]);
    expect(secretRun.code).toBe(1);
    expect(secretRun.stderr).toMatch(/already holds a session-secret/);
    expect(existsSync(path.join(onlySecret, 'ratify.db'))).toBe(false);
  });

  it('[CLI7] a progress bar only on a terminal: piped output is the result line alone', async () => {
    const dataDir = await dataDirWithAnAccount();
    const work = await tempDir();
    const piped = await ratify([
      'backup',
      '--out',
      path.join(work, 'piped'),
      '--data-dir',
      dataDir,
    ]);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toMatch(/^backed up [^\n]+\n$/);
    expect(piped.stderr).toBe('');
    const shown = await ratifyOnTerminal([
      'backup',
      '--out',
      path.join(work, 'terminal'),
      '--data-dir',
      dataDir,
    ]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/backup \[[#-]+\] \d+% \d+\/\d+ pages/);
    expect(shown.stdout).toMatch(/backed up /);
  });

  it.skipIf(pgUrl === null)(
    '[CLI8] PostgreSQL: pg_dump while the server runs, pg_restore into a fresh schema; the restored server has the documents, the accounts, the token secret and an intact chain',
    async () => {
      const url = pgUrl as string;
      const source = freshSchema(url);
      const target = freshSchema(url);
      onCleanup(source.drop);
      onCleanup(target.drop);
      const pg = (schema: string) => ['--database-url', url, '--database-schema', schema];
      const server = await ratifyProcess({
        DATABASE_URL: url,
        DATABASE_SCHEMA: source.schema,
        ...FAST,
      });
      const { owner, docId, records } = await reviewedDoc(server);
      const typing = await typist(server, owner, docId);
      await until(() => typing.savedUpdates() >= 20, onTick(), 10_000, 'typing to get going');
      const ackedBefore = typing.savedUpdates();
      const out = path.join(await tempDir(), 'ratify.pgdump');
      const backup = await ratify(['backup', '--out', out, ...pg(source.schema)]);
      await typing.stop();
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(
        new RegExp(`^backed up PostgreSQL schema ${source.schema} \\(\\d+ tables\\) to ${out}`),
      );
      expect(readFileSync(out).subarray(0, 5).toString()).toBe('PGDMP');

      // pg_restore recreates the schema it dumped: into another name only once that one is gone.
      const refused = await ratify(['restore', out, ...pg(target.schema)]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        new RegExp(`the backup is of schema ${source.schema}, which exists in this database`),
      );
      await stop(server);
      await source.drop();
      const restore = await ratify(['restore', out, ...pg(target.schema)]);
      expect(restore.code, restore.stderr).toBe(0);
      expect(restore.stdout).toBe(
        `restored 1 document and 2 accounts into PostgreSQL schema ${target.schema} (backed up as ${source.schema})\n`,
      );
      const twice = await ratify(['restore', out, ...pg(target.schema)]);
      expect(twice.code).toBe(1);
      expect(twice.stderr).toMatch(new RegExp(`schema ${target.schema} already has \\d+ tables`));
      // Without DATABASE_URL a PostgreSQL archive has nowhere to go.
      const noPg = await ratify(['restore', out, '--data-dir', await tempDir()]);
      expect(noPg.code).toBe(1);
      expect(noPg.stderr).toMatch(
        /is a PostgreSQL backup \(pg_dump archive\): restore it with --database-url/,
      );

      const restored = await ratifyProcess({ DATABASE_URL: url, DATABASE_SCHEMA: target.schema });
      const reader = connectProvider(restored.syncUrl, docId, { token: typing.docToken });
      await whenSynced(reader);
      expect(containsAll(reader.doc, typing.local.slice(0, ackedBefore))).toBe(true);
      const verify = await ratify(['verify', docId, ...pg(target.schema)]);
      expect(verify.code, verify.stderr).toBe(0);
      expect(verify.stdout).toBe(`ok, ${records} records\n`);
      const viaServer = await apiCall(restored, owner, 'GET', `docs/${docId}/signoffs/verify`);
      expect(viaServer.body).toMatchObject({ ok: true, length: records });
    },
    90_000,
  );
});
