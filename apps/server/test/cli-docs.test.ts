// `ratify import | export | docs | diff | verify`, directly on a data folder a server is running
// on, and remotely through that server's REST API with a token.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { YDOC_CONTENT_FIELD } from '@ratify/schema';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ratify, ratifyOk, ratifyOnTerminal } from './cli-run.js';
import { ackingClient, MARKDOWN, signOffAll, untilSaved } from './cli-scenes.js';
import {
  apiCall,
  authedFetch,
  freePort,
  mintDocToken,
  signUp,
  type TestAccount,
  tempDir,
  whenSynced,
} from './helpers.js';
import { type RatifyProcess, ratifyProcess } from './processes.js';

const ID = /^[A-Za-z0-9_-]{16}$/;
const ESC = '\u001b';

/** A server on a data folder of its own, its administrator, and a folder of Markdown files. */
async function scene() {
  const dataDir = await tempDir();
  const server = await ratifyProcess({ DATA_DIR: dataDir });
  const owner = await signUp(server, 'Owner');
  const work = await tempDir();
  const file = (name: string, text: string) => {
    const at = path.join(work, name);
    writeFileSync(at, text);
    return at;
  };
  return { dataDir, server, owner, file, direct: ['--data-dir', dataDir] };
}

const ids = (stdout: string) => stdout.split('\n').filter((line) => line !== '');

async function titleOf(server: RatifyProcess, account: TestAccount, docId: string) {
  const res = await apiCall(server, account, 'GET', `docs/${docId}`);
  return { status: res.status, title: res.body.title, role: res.body.role };
}

async function takeVersion(server: RatifyProcess, owner: TestAccount, docId: string, name: string) {
  const res = await apiCall(server, owner, 'POST', `docs/${docId}/versions`, { name });
  expect(res.status).toBe(201);
  return (res.body.version as { n: number }).n;
}

/** Find the first element under `parent` whose node name is `name` (any depth). */
function find(parent: Y.XmlFragment | Y.XmlElement, name: string): Y.XmlElement | null {
  for (const child of parent.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    if (child.nodeName.toLowerCase() === name.toLowerCase()) return child;
    const inside = find(child, name);
    if (inside !== null) return inside;
  }
  return null;
}

/**
 * A document with two versions: "draft" as imported, "reviewed" after the owner renamed the
 * ledger, ticked the checklist item and changed the Owner field. Resolves with their numbers.
 */
async function versionedDoc(s: Awaited<ReturnType<typeof scene>>) {
  const docId = ids(await ratifyOk(['import', s.file('a.md', MARKDOWN), ...s.direct]))[0] as string;
  const draft = await takeVersion(s.server, s.owner, docId, 'draft');
  const client = ackingClient(s.server, docId, await mintDocToken(s.server, s.owner, docId));
  await whenSynced(client);
  const content = client.doc.getXmlFragment(YDOC_CONTENT_FIELD);
  const ledger = content
    .toArray()
    .find((n) => n instanceof Y.XmlElement && n.toString().includes('The ledger.')) as Y.XmlElement;
  const text = ledger.get(0) as Y.XmlText;
  client.doc.transact(() => {
    text.delete(4, 'ledger'.length);
    text.insert(4, 'queue');
    find(content, 'checklistItem')?.setAttribute('state', 'done');
    const field = find(content, 'field')?.get(0) as Y.XmlText;
    field.delete(0, field.length);
    field.insert(0, 'Bob');
  });
  await untilSaved(client);
  const reviewed = await takeVersion(s.server, s.owner, docId, 'reviewed');
  return { docId, draft, reviewed };
}

async function apiToken(server: RatifyProcess, account: TestAccount): Promise<string> {
  const res = await apiCall(server, account, 'POST', 'auth/tokens', { name: 'cli' });
  expect(res.status).toBe(201);
  return res.body.token as string;
}

describe('the ratify document commands', () => {
  it('[CLI9] import creates one document per file, owned by the one administrator or --owner, titled by the heading or --title; a bad file creates nothing', async () => {
    const s = await scene();
    const a = s.file('a.md', MARKDOWN);
    const c = s.file('c.md', '# Storage choice\n\nSQLite first.\n');
    const one = await ratify(['import', a, ...s.direct]);
    expect(one.code, one.stderr).toBe(0);
    const [first] = ids(one.stdout);
    expect(one.stdout).toBe(`${first}\n`);
    expect(first).toMatch(ID);
    // Created beside the running server, which serves it at once, owned by the administrator.
    expect(await titleOf(s.server, s.owner, first as string)).toEqual({
      status: 200,
      title: 'Payments review',
      role: 'owner',
    });
    const members = await apiCall(s.server, s.owner, 'GET', `docs/${first}/members`);
    expect(members.body.members).toMatchObject([{ email: s.owner.email, role: 'owner' }]);
    // …and finds it by its words (indexed by the import).
    const found = await apiCall(s.server, s.owner, 'GET', 'search?q=ledger');
    expect(found.body.hits).toMatchObject([{ docId: first }]);

    const two = ids(await ratifyOk(['import', a, c, ...s.direct]));
    expect(two).toHaveLength(2);
    expect((await titleOf(s.server, s.owner, two[1] as string)).title).toBe('Storage choice');
    const titled = ids(await ratifyOk(['import', '--title', 'Custom  title', c, ...s.direct]));
    expect((await titleOf(s.server, s.owner, titled[0] as string)).title).toBe('Custom title');

    const before = ids(await ratifyOk(['docs', ...s.direct])).length;
    const refusals: Array<[string[], RegExp]> = [
      [
        [s.file('b.md', 'No heading here.\n'), a],
        /b\.md has no title: start it with a level-1 heading/,
      ],
      [[a, s.file('empty.md', '  \n')], /empty\.md is empty: there is nothing to import/],
      [[path.join(path.dirname(a), 'missing.md')], /there is no file .*missing\.md/],
      [['--title', 'T', a, c], /--title names one document/],
      [['--owner', 'nobody@example.test', a], /there is no account nobody@example\.test/],
    ];
    for (const [args, expected] of refusals) {
      const run = await ratify(['import', ...args, ...s.direct]);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toMatch(/^ratify: /);
      expect(run.stderr).toMatch(expected);
      expect(run.stdout).toBe('');
    }
    expect(ids(await ratifyOk(['docs', ...s.direct]))).toHaveLength(before);

    // With two administrators the owner must be named.
    await ratifyOk([
      'users',
      'create',
      '--email',
      'ada@example.test',
      '--name',
      'Ada',
      '--admin',
      ...s.direct,
    ]);
    const ambiguous = await ratify(['import', a, ...s.direct]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toBe(
      'ratify: there are 2 administrators: name the owner with --owner EMAIL\n',
    );
    const adas = ids(await ratifyOk(['import', '--owner', 'ADA@example.test', a, ...s.direct]));
    const adaMembers = await apiCall(s.server, s.owner, 'GET', `docs/${adas[0]}/members`);
    expect(adaMembers.body.members).toMatchObject([{ email: 'ada@example.test', role: 'owner' }]);
    // An install without accounts has nobody to own them.
    const none = await ratify(['import', a, '--data-dir', await tempDir()]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/there is no administrator to own the documents yet/);

    // Many files at a terminal: a bar, then the ids.
    const shown = await ratifyOnTerminal([
      'import',
      '--owner',
      'ada@example.test',
      a,
      c,
      ...s.direct,
    ]);
    expect(shown.code, shown.stdout).toBe(0);
    expect(shown.stdout).toMatch(/import \[[#-]+\] \d+% \d\/2 files/);
    // The bar is cleared (terminal escapes), then the ids follow, one a line.
    const screen = shown.stdout.replace(new RegExp(`${ESC}(\\[[0-9;?]*[A-Za-z]|[78])`, 'g'), '\n');
    expect(screen.match(/^[A-Za-z0-9_-]{16}\r?$/gm), JSON.stringify(screen)).toHaveLength(2);
  }, 60_000);

  it('[CLI10] export prints the Markdown the server exports, now or of a version; docs lists id, title and time, newest first', async () => {
    const s = await scene();
    const { docId, draft } = await versionedDoc(s);
    const fromServer = async (route: string) =>
      (await authedFetch(s.owner, `${s.server.url}/api/docs/${docId}/${route}`)).text();
    const now = await ratifyOk(['export', docId, ...s.direct]);
    expect(now).toBe(await fromServer('export.md'));
    expect(now).toContain('The queue.');
    const then = await ratifyOk(['export', docId, '--version', String(draft), ...s.direct]);
    expect(then).toBe(await fromServer(`versions/${draft}/export.md`));
    expect(then).toContain('The ledger.');
    for (const [args, expected] of [
      [['export', 'nosuchdocument00'], 'ratify: there is no document nosuchdocument00\n'],
      [['export', docId, '--version', '99'], `ratify: document ${docId} has no version 99\n`],
      [
        ['export', docId, '--version', 'two'],
        'ratify: --version "two": give a version number (1, 2, 3 …)\n',
      ],
    ] as Array<[string[], string]>) {
      const run = await ratify([...args, ...s.direct]);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toBe(expected);
    }

    const newer = ids(
      await ratifyOk(['import', s.file('n.md', '# Newer\n\nText.\n'), ...s.direct]),
    );
    const listed = await ratifyOk(['docs', ...s.direct]);
    const rows = ids(listed).map((line) => line.split('\t'));
    expect(rows.map((r) => r.length)).toEqual([3, 3]);
    expect(rows.map((r) => r[0])).toEqual([newer[0], docId]);
    expect(rows.map((r) => r[1])).toEqual(['Newer', 'Payments review']);
    for (const row of rows) expect(row[2]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  }, 60_000);

  it('[CLI11] diff prints each section with its status, word changes as [-old-]{+new+}, checklist and field changes; bad versions exit 1', async () => {
    const s = await scene();
    const { docId, draft, reviewed } = await versionedDoc(s);
    const run = await ratify([
      'diff',
      docId,
      '--from',
      String(draft),
      '--to',
      String(reviewed),
      ...s.direct,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(
      new RegExp(`^diff of ${docId}: draft → reviewed\n2 changed, 0 added, 0 removed, 0 moved\n`),
    );
    expect(out).toMatch(/^= Payments review \(unchanged\)$/m);
    expect(out).toMatch(/^~ Context \(changed\)$/m);
    expect(out).toMatch(/^ {4}The \[-ledger-\]\{\+queue\+\}\.$/m);
    expect(out).toMatch(/^ {4}field Owner: "Ada" → "Bob"$/m);
    expect(out).toMatch(/^~ Decision \(changed\)$/m);
    expect(out).toMatch(/^ {4}checklist Load balancing: ☐ → ☑$/m);
    // --to defaults to the current state, which is what "reviewed" took.
    const toNow = await ratifyOk(['diff', docId, '--from', String(reviewed), ...s.direct]);
    expect(toNow).toMatch(/: reviewed → current\n0 changed, 0 added, 0 removed, 0 moved\n/);

    const bad: Array<[string[], number, RegExp]> = [
      [['--from', 'yesterday'], 1, /--from "yesterday": give a version number/],
      [['--from', '9'], 1, new RegExp(`document ${docId} has no version 9`)],
      [['--from', 'last-approval'], 1, new RegExp(`document ${docId} has not been approved yet`)],
      [
        ['--from', '1', '--to', '2.0'],
        1,
        new RegExp(`document ${docId} has no approved version 2.0`),
      ],
      [[], 1, /required option '--from <version>' not specified/],
    ];
    for (const [args, code, expected] of bad) {
      const failed = await ratify(['diff', docId, ...args, ...s.direct]);
      expect(failed.code, args.join(' ')).toBe(code);
      expect(failed.stderr).toMatch(expected);
    }
  }, 60_000);

  it('[CLI12] verify: exit 0 with "ok, N records" for an intact chain, exit 1 naming the first changed record', async () => {
    const s = await scene();
    const docId = ids(
      await ratifyOk(['import', s.file('a.md', MARKDOWN), ...s.direct]),
    )[0] as string;
    expect(await ratifyOk(['verify', docId, ...s.direct])).toBe('ok, 0 records\n');
    const records = await signOffAll(s.server, s.owner, docId);
    expect(records).toBeGreaterThan(1);
    expect(await ratifyOk(['verify', docId, ...s.direct])).toBe(`ok, ${records} records\n`);
    // Someone with access to the database flips a verdict.
    const db = new Database(path.join(s.dataDir, 'ratify.db'));
    db.prepare(
      "UPDATE signoffs SET verdict = 'changes_requested' WHERE doc_id = ? AND seq = 2",
    ).run(docId);
    db.close();
    const broken = await ratify(['verify', docId, ...s.direct]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toBe(
      `ratify: sign-off chain of ${docId} is broken: record 2 does not match its hash (it was changed)\n`,
    );
    const missing = await ratify(['verify', 'nosuchdocument00', ...s.direct]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('ratify: there is no document nosuchdocument00\n');
    // An id that begins with "-" (ids made before 2026-12 may) goes after "--".
    const dashed = await ratify(['verify', ...s.direct, '--', '-nosuchdocument0']);
    expect(dashed.code).toBe(1);
    expect(dashed.stderr).toBe('ratify: there is no document -nosuchdocument0\n');
  }, 60_000);

  it("[CLI13] remote mode (--url/--token or RATIFY_URL/RATIFY_TOKEN): the same commands through the REST API, as the token's account; bad addresses and tokens exit 1", async () => {
    const s = await scene();
    const { docId, draft, reviewed } = await versionedDoc(s);
    const token = await apiToken(s.server, s.owner);
    const remote = ['--url', s.server.url, '--token', token];
    const env = { RATIFY_URL: s.server.url, RATIFY_TOKEN: token };

    const imported = ids(
      await ratifyOk(['import', s.file('r.md', '# Remote\n\nVia REST.\n'), ...remote]),
    );
    expect(imported[0]).toMatch(ID);
    expect(await titleOf(s.server, s.owner, imported[0] as string)).toEqual({
      status: 200,
      title: 'Remote',
      role: 'owner',
    });
    // Remote and direct agree, and the environment works as the options do.
    expect(await ratifyOk(['docs'], env)).toBe(await ratifyOk(['docs', ...s.direct]));
    expect(await ratifyOk(['export', docId, '--version', String(draft)], env)).toBe(
      await ratifyOk(['export', docId, '--version', String(draft), ...s.direct]),
    );
    expect(await ratifyOk(['export', docId, ...remote])).toBe(
      await ratifyOk(['export', docId, ...s.direct]),
    );
    const diffArgs = ['diff', docId, '--from', String(draft), '--to', String(reviewed)];
    expect(await ratifyOk([...diffArgs, ...remote])).toBe(
      await ratifyOk([...diffArgs, ...s.direct]),
    );
    expect(await ratifyOk(['verify', docId, ...remote])).toBe('ok, 0 records\n');

    // Someone else's token sees only their own documents.
    const other = await apiToken(s.server, await signUp(s.server, 'Other'));
    expect(await ratifyOk(['docs', '--url', s.server.url, '--token', other])).toBe('');
    const port = await freePort();
    const refusals: Array<[string[], Record<string, string>, RegExp]> = [
      [
        ['export', docId, '--url', s.server.url, '--token', 'wrong'],
        {},
        /refused the token \(401: .*\): check --token or RATIFY_TOKEN/,
      ],
      [['export', docId, '--url', s.server.url, '--token', other], {}, /answered 40[34]: /],
      [
        ['import', '--owner', s.owner.email, s.file('o.md', '# O\n\nx\n')],
        env,
        /--owner is for direct mode/,
      ],
      [
        ['docs', '--url', 'http://ratify.example', '--token', token],
        {},
        /use https:\/\/ \(plain http:\/\/ only to localhost\)/,
      ],
      [
        ['docs', '--url', 'ftp://ratify.example', '--token', token],
        {},
        /--url must be an https:\/\/ address/,
      ],
      [['docs', '--url', s.server.url], {}, /a token is needed to talk to/],
      [
        ['docs', '--token', token],
        {},
        /--token is for a running server: give its address with --url too/,
      ],
      [
        ['docs', '--url', `http://127.0.0.1:${port}`, '--token', token],
        {},
        new RegExp(`cannot reach http://127.0.0.1:${port}`),
      ],
    ];
    for (const [args, extra, expected] of refusals) {
      const run = await ratify(args, extra);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr, args.join(' ')).toMatch(/^ratify: /);
      expect(run.stderr, args.join(' ')).toMatch(expected);
    }
  }, 60_000);
});
