// `ratify import | export | docs | diff | verify`: directly on the stores, or with --url (or
// RATIFY_URL) through a running server's REST API.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { type RemoteOptions, remoteFrom } from './context.js';
import { diffText } from './diff-text.js';
import { withDirectSource } from './direct-source.js';
import {
  type DocSource,
  diffRef,
  type PreparedImport,
  prepareImport,
  versionNumber,
} from './doc-source.js';
import { CliError } from './errors.js';
import { isoTime, printTable } from './output.js';
import { progress } from './progress.js';
import { RemoteSource } from './remote-source.js';

const REMOTE_HELP = `
Direct mode (default): works on the data folder or DATABASE_URL itself, beside a running server
or without one. Remote mode: --url https://ratify.example --token T (or RATIFY_URL and
RATIFY_TOKEN) talks to a running server's REST API as the token's account. An id that begins
with "-" (ids made before 2026-12 may) goes after "--": ratify verify -- -Ab3dE…`;

function withRemoteOptions(command: Command): Command {
  return command
    .option('--url <url>', 'a running server to talk to (default: RATIFY_URL; none: direct mode)')
    .option('--token <token>', 'an API token for --url (default: RATIFY_TOKEN)')
    .addHelpText('after', REMOTE_HELP);
}

/** Run `work` on the remote server the options name, else on the stores directly. */
function withSource<T>(
  options: RemoteOptions,
  config: () => Config,
  work: (source: DocSource) => Promise<T>,
  ownerEmail?: string,
): Promise<T> {
  const remote = remoteFrom(options);
  if (remote === null) return withDirectSource(config(), ownerEmail, work);
  if (ownerEmail !== undefined) {
    throw new CliError(
      '--owner is for direct mode: a remote import belongs to the token’s account',
    );
  }
  const source = new RemoteSource(remote);
  return work(source).finally(() => source.close());
}

async function readMarkdown(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT'
        ? `there is no file ${file}`
        : `cannot read ${file}: ${(error as Error).message}`,
    );
  }
}

interface ImportOptions extends RemoteOptions {
  title?: string;
  owner?: string;
}

async function runImport(files: string[], options: ImportOptions, config: () => Config) {
  if (options.title !== undefined && files.length > 1) {
    throw new CliError('--title names one document: import one file with it');
  }
  // Every file is read and checked before the first document is created.
  const prepared: PreparedImport[] = [];
  for (const file of files) {
    prepared.push(prepareImport(file, await readMarkdown(file), options.title));
  }
  const created: string[] = [];
  const bar = progress('import', 'files');
  await withSource(
    options,
    config,
    async (source) => {
      await source.beforeCreate();
      if (prepared.length > 1) bar.total(prepared.length);
      try {
        for (const doc of prepared) {
          try {
            created.push((await source.create(doc)).id);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            throw new CliError(`importing ${path.basename(doc.file)}: ${message}`);
          }
          bar.update(created.length);
        }
      } finally {
        bar.stop();
        // The ids of what was created, also when a later file failed.
        for (const id of created) process.stdout.write(`${id}\n`);
      }
    },
    options.owner,
  );
}

export function registerDocCommands(cli: Command, config: () => Config): void {
  withRemoteOptions(
    cli
      .command('import')
      .description('create a document from each Markdown file; prints the new ids, one per line')
      .argument('<files...>', 'Markdown files (each titled by its "# " heading)')
      .option('--title <title>', 'the title, instead of the heading (one file only)')
      .option(
        '--owner <email>',
        'the owning account (direct mode; default: the administrator, when there is exactly one)',
      ),
  ).action(async (files: string[], options: ImportOptions) => {
    await runImport(files, options, config);
  });

  withRemoteOptions(
    cli
      .command('export')
      .description('print a document as Markdown: as it is now, or as one of its versions')
      .argument('<id>', 'the document id')
      .option('--version <n>', 'a version number (see the history in the web app)'),
  ).action(async (id: string, options: RemoteOptions & { version?: string }) => {
    const version = options.version === undefined ? undefined : versionNumber(options.version);
    const markdown = await withSource(options, config, (source) =>
      source.exportMarkdown(id, version),
    );
    process.stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  });

  withRemoteOptions(
    cli
      .command('docs')
      .description('list the documents, most recently updated first: id, title, updated'),
  ).action(async (options: RemoteOptions) => {
    const docs = await withSource(options, config, (source) => source.list());
    printTable(
      ['ID', 'TITLE', 'UPDATED'],
      docs.map((d) => [d.id, d.title, isoTime(d.updatedAt)]),
    );
  });

  withRemoteOptions(
    cli
      .command('diff')
      .description('show what changed between two versions of a document, section by section')
      .argument('<id>', 'the document id')
      .requiredOption('--from <version>', 'a version number, an approval (1.1) or last-approval')
      .option('--to <version>', 'the same, or current', 'current'),
  ).action(async (id: string, options: RemoteOptions & { from: string; to: string }) => {
    const from = diffRef(options.from, '--from');
    const to = diffRef(options.to, '--to');
    const diff = await withSource(options, config, (source) => source.diff(id, from, to));
    process.stdout.write(diffText(id, diff));
  });

  withRemoteOptions(
    cli
      .command('verify')
      .description(
        "check a document's sign-off chain: exit 0 when every record is intact, 1 naming the first that is not",
      )
      .argument('<id>', 'the document id'),
  ).action(async (id: string, options: RemoteOptions) => {
    const check = await withSource(options, config, (source) => source.verify(id));
    if (!check.ok) {
      throw new CliError(`sign-off chain of ${id} is broken: record ${check.seq} ${check.problem}`);
    }
    process.stdout.write(`ok, ${check.length} record${check.length === 1 ? '' : 's'}\n`);
  });
}
