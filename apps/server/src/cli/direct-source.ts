// The document commands on the stores themselves (the data folder or DATABASE_URL), beside a
// running server or without one: every acknowledged edit is in storage.
import {
  type ChainCheck,
  diffDocuments,
  type JSONContent,
  jsonToYDoc,
  verifySignoffChain,
  writeTitle,
  yDocToJSON,
  yDocToMarkdown,
} from '@ratify/schema';
import * as Y from 'yjs';
import type { Config } from '../config.js';
import { newDocId } from '../ids.js';
import { searchDocument } from '../search/entries.js';
import type { User } from '../storage/accounts.js';
import type { Backend } from '../storage/backend.js';
import type { StoredVersion } from '../storage/versions.js';
import { withBackend } from './context.js';
import type { DocSource, DocSummary, LabelledDiff, PreparedImport } from './doc-source.js';
import { CliError } from './errors.js';

/** 16 URL-safe characters (96 random bits), as the server's own ids (http/docs.ts). */

const noDocument = (id: string) => new CliError(`there is no document ${id}`);

/** The first stored state of an imported document (its content plus its title), and its content. */
function initialState(content: JSONContent, title: string) {
  const ydoc = jsonToYDoc(content);
  try {
    writeTitle(ydoc, title);
    return { update: Y.encodeStateAsUpdate(ydoc), content: yDocToJSON(ydoc) };
  } finally {
    ydoc.destroy();
  }
}

/** `read` on a Y.Doc built from these updates (a stored snapshot and log, or a version). */
function readUpdates<T>(updates: Array<Uint8Array | null>, read: (doc: Y.Doc) => T): T {
  const doc = new Y.Doc();
  try {
    for (const update of updates) if (update !== null) Y.applyUpdate(doc, update);
    return read(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * Who owns imported documents: the account named with --owner, else the one administrator
 * (several, or none, must be told apart with --owner).
 */
export async function importOwner(backend: Backend, email: string | undefined): Promise<User> {
  if (email !== undefined) {
    const found = await backend.accounts.getUserByEmail(email);
    if (found === null) throw new CliError(`there is no account ${email}`);
    const { passwordHash: _hash, ...user } = found;
    return user;
  }
  const admins = (await backend.accounts.listUsers()).filter((u) => u.isAdmin);
  const [only] = admins;
  if (admins.length === 1 && only !== undefined) return only;
  if (admins.length === 0) {
    throw new CliError(
      'there is no administrator to own the documents yet: name an account with --owner EMAIL (ratify users create makes one)',
    );
  }
  throw new CliError(
    `there are ${admins.length} administrators: name the owner with --owner EMAIL`,
  );
}

export class DirectSource implements DocSource {
  private owner: User | null = null;

  constructor(
    private readonly backend: Backend,
    private readonly ownerEmail?: string,
  ) {}

  async list(): Promise<DocSummary[]> {
    return (await this.backend.storage.list()).map(({ id, title, updatedAt }) => ({
      id,
      title,
      updatedAt,
    }));
  }

  async beforeCreate(): Promise<void> {
    this.owner ??= await importOwner(this.backend, this.ownerEmail);
  }

  async create(doc: PreparedImport): Promise<{ id: string; title: string }> {
    const { storage, accounts } = this.backend;
    this.owner ??= await importOwner(this.backend, this.ownerEmail);
    const owner = this.owner;
    const initial = initialState(doc.content, doc.title);
    const meta = await storage.createDoc({
      id: newDocId(),
      title: doc.title,
      initialUpdate: initial.update,
    });
    try {
      // As the server does: without an owner nobody could reach it, so undo the creation.
      await accounts.setMember(meta.id, owner.id, 'owner', Date.now());
    } catch (error) {
      await storage.delete(meta.id).catch(() => {});
      throw error;
    }
    await accounts.appendAudit({
      docId: meta.id,
      at: Date.now(),
      userId: owner.id,
      action: 'doc_created',
      detail: { from: 'markdown', via: 'cli' },
    });
    // Searchable at once; if not, a server indexes it at its next start (it was never indexed).
    try {
      await this.backend.search.indexDocument(
        searchDocument(meta.id, meta.title, initial.content, []),
        Date.now(),
      );
    } catch (error) {
      process.stderr.write(
        `ratify: warning: ${meta.id} is not in the search index yet (${(error as Error).message}); a server adds it when it next starts\n`,
      );
    }
    return { id: meta.id, title: meta.title };
  }

  /** `read` on the document's stored state: every acknowledged edit. */
  private async readCurrent<T>(id: string, read: (doc: Y.Doc) => T): Promise<T> {
    const stored = await this.backend.storage.load(id);
    if (stored === null) throw noDocument(id);
    return readUpdates([stored.snapshot, ...stored.updates], read);
  }

  private async version(id: string, n: number): Promise<StoredVersion> {
    const version = await this.backend.versions.getVersion(id, n);
    if (version === null) {
      if (!(await this.backend.storage.exists(id))) throw noDocument(id);
      throw new CliError(`document ${id} has no version ${n}`);
    }
    return version;
  }

  async exportMarkdown(id: string, version?: number): Promise<string> {
    const markdown =
      version === undefined
        ? await this.readCurrent(id, yDocToMarkdown)
        : (await this.version(id, version)).markdown;
    await this.backend.accounts.appendAudit({
      docId: id,
      at: Date.now(),
      userId: null,
      action: 'exported',
      detail: { format: 'md', via: 'cli', ...(version !== undefined ? { version } : {}) },
    });
    return markdown;
  }

  /** One side of a diff: the content then, and a label for it. */
  private async side(id: string, ref: string): Promise<{ label: string; content: JSONContent }> {
    if (ref === 'current')
      return { label: 'current', content: await this.readCurrent(id, yDocToJSON) };
    const { versions, storage } = this.backend;
    let version: StoredVersion | null;
    if (ref === 'last-approval') {
      const last = (await versions.listVersions(id)).filter((v) => v.kind === 'approval').at(-1);
      if (last === undefined) {
        if (!(await storage.exists(id))) throw noDocument(id);
        throw new CliError(`document ${id} has not been approved yet`);
      }
      version = await versions.getVersion(id, last.n);
    } else if (ref.includes('.')) {
      version = await versions.findVersion(id, ref);
      if (version === null) {
        if (!(await storage.exists(id))) throw noDocument(id);
        throw new CliError(`document ${id} has no approved version ${ref}`);
      }
    } else {
      version = await this.version(id, Number(ref));
    }
    if (version === null) throw new CliError(`document ${id} has no version ${ref}`);
    return {
      label: version.name ?? `version ${version.n}`,
      content: readUpdates([version.state], yDocToJSON),
    };
  }

  async diff(id: string, from: string, to: string): Promise<LabelledDiff> {
    const before = await this.side(id, from);
    const after = await this.side(id, to);
    return { from: before.label, to: after.label, ...diffDocuments(before.content, after.content) };
  }

  async verify(id: string): Promise<ChainCheck> {
    const records = await this.backend.reviews.listSignoffs(id);
    // A deleted document's records stay (for audit), so they can still be checked.
    if (records.length === 0 && !(await this.backend.storage.exists(id))) throw noDocument(id);
    return verifySignoffChain(id, records);
  }

  async close(): Promise<void> {}
}

/** Run `work` on a direct source over `config`'s stores, closed afterwards. */
export function withDirectSource<T>(
  config: Config,
  ownerEmail: string | undefined,
  work: (source: DocSource) => Promise<T>,
): Promise<T> {
  return withBackend(config, (backend) => work(new DirectSource(backend, ownerEmail)));
}
