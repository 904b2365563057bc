import { type DocumentDiff, diffDocuments, type JSONContent, yDocToJSON } from '@ratify/schema';
import { Router } from 'express';
import { z } from 'zod';
import type { Audit } from '../auth/audit.js';
import { type VersionService, versionContent } from '../history/versions.js';
import type { AccountStore } from '../storage/accounts.js';
import type { Storage } from '../storage/storage.js';
import type { StoredVersion, VersionMeta, VersionStore } from '../storage/versions.js';
import { readDocState } from '../sync/doc-state.js';
import type { Hub } from '../sync/hub.js';
import { DocAccess, docIdParam, documentNotFound } from './doc-access.js';
import { HttpError, parseOr400 } from './errors.js';
import { userNames } from './user-names.js';

export const NewVersionBodySchema = z.strictObject({
  name: z.string().trim().min(1, 'a version needs a name').max(100),
});

/** `current`, a version number, an approval's change-log version (`1.1`), or `last-visit`. */
const VersionRefSchema = z.union([
  z.literal('current'),
  z.literal('last-visit'),
  z.literal('last-approval'),
  z.string().regex(/^\d{1,9}$/, 'a version number'),
  z.string().regex(/^\d{1,4}\.\d{1,4}$/, 'an approved version such as 1.1'),
]);

export interface VersionRouterDeps {
  storage: Storage;
  accounts: AccountStore;
  hub: Hub;
  audit: Audit;
  store: VersionStore;
  service: VersionService;
}

/**
 * Version history: list, take by hand, read, export, diff any two (or one and the current
 * state), and restore as a forward change.
 */
export function versionsRouter(deps: VersionRouterDeps): Router {
  const { storage, accounts, hub, store, service, audit } = deps;
  const access = new DocAccess(storage, accounts);
  const router = Router();

  /** The names of everyone these versions mention (contributors, creators), each once. */
  const namesIn = (versions: VersionMeta[]) =>
    userNames(
      accounts,
      versions.flatMap((v) => [...v.contributors, ...(v.createdBy !== null ? [v.createdBy] : [])]),
    );

  /** A version's meta for clients: contributors and creator with their names. */
  function metaJson(version: VersionMeta, names: Map<string, string>) {
    return {
      n: version.n,
      name: version.name,
      kind: version.kind,
      at: new Date(version.at).toISOString(),
      createdBy:
        version.createdBy === null
          ? null
          : { id: version.createdBy, name: names.get(version.createdBy) ?? version.createdBy },
      contributors: version.contributors.map((id) => ({ id, name: names.get(id) ?? id })),
      signoffs: version.signoffs,
    };
  }

  async function versionOr404(id: string, n: number): Promise<StoredVersion> {
    const version = await store.getVersion(id, n);
    if (version === null)
      throw new HttpError(404, 'version_not_found', `document ${id} has no version ${n}`);
    return version;
  }

  const versionNumber = (raw: unknown): number =>
    Number(parseOr400(z.string().regex(/^\d{1,9}$/, 'a version number'), raw, 'invalid_version'));

  /** What a diff side names: the content then, and a label for it. */
  async function resolve(
    id: string,
    userId: string,
    ref: string,
  ): Promise<{ label: string; content: JSONContent }> {
    if (ref === 'current') {
      const current = await readDocState(hub, storage, id, yDocToJSON);
      if (current === null) throw documentNotFound(id);
      return { label: 'current', content: current.value };
    }
    let version: StoredVersion | null;
    if (ref === 'last-approval') {
      const approvals = (await store.listVersions(id)).filter((v) => v.kind === 'approval');
      const last = approvals.at(-1);
      if (last === undefined)
        throw new HttpError(404, 'version_not_found', 'the document has not been approved yet');
      version = await store.getVersion(id, last.n);
    } else if (ref === 'last-visit') {
      version = await versionAtLastVisit(id, userId);
      if (version === null)
        throw new HttpError(404, 'version_not_found', 'no version from before your last visit');
    } else if (ref.includes('.')) {
      version = await store.findVersion(id, ref);
      if (version === null) throw new HttpError(404, 'version_not_found', `no version ${ref}`);
    } else {
      version = await versionOr404(id, Number(ref));
    }
    if (version === null) throw new HttpError(404, 'version_not_found', `no version ${ref}`);
    return { label: version.name ?? `version ${version.n}`, content: versionContent(version) };
  }

  /** The latest version taken before the caller last closed the document. */
  async function versionAtLastVisit(id: string, userId: string): Promise<StoredVersion | null> {
    const left = (await accounts.listAudit(id, { limit: 500, actions: ['left'] })).find(
      (entry) => entry.userId === userId,
    );
    if (left === undefined) return null;
    const before = (await store.listVersions(id)).filter((v) => v.at <= left.at).at(-1);
    return before === undefined ? null : store.getVersion(id, before.n);
  }

  router.get('/docs/:id/versions', async (req, res) => {
    const id = docIdParam(req.params.id);
    await access.require(res, id, 'read');
    const versions = await store.listVersions(id);
    const names = await namesIn(versions);
    res.json({ versions: versions.map((v) => metaJson(v, names)) });
  });

  router.post('/docs/:id/versions', async (req, res) => {
    const id = docIdParam(req.params.id);
    const { auth } = await access.require(res, id, 'edit');
    const { name } = parseOr400(NewVersionBodySchema, req.body ?? {});
    const version = await service.take(id, { kind: 'manual', name, createdBy: auth.user.id });
    if (version === null) throw documentNotFound(id);
    audit.note({
      docId: id,
      userId: auth.user.id,
      action: 'version_taken',
      detail: { n: version.n, name },
    });
    res.status(201).json({ version: metaJson(version, await namesIn([version])) });
  });

  router.get('/docs/:id/versions/:n', async (req, res) => {
    const id = docIdParam(req.params.id);
    await access.require(res, id, 'read');
    const version = await versionOr404(id, versionNumber(req.params.n));
    res.json({
      version: metaJson(version, await namesIn([version])),
      content: versionContent(version),
      markdown: version.markdown,
    });
  });

  router.get('/docs/:id/versions/:n/export.md', async (req, res) => {
    const id = docIdParam(req.params.id);
    const { auth } = await access.require(res, id, 'read');
    const version = await versionOr404(id, versionNumber(req.params.n));
    audit.note({
      docId: id,
      userId: auth.user.id,
      action: 'exported',
      detail: { format: 'md', version: version.n },
    });
    res
      .status(200)
      .type('text/markdown; charset=utf-8')
      .set('Content-Disposition', `inline; filename="${id}-v${version.n}.md"`)
      .send(version.markdown);
  });

  router.get('/docs/:id/diff', async (req, res) => {
    const id = docIdParam(req.params.id);
    const { auth } = await access.require(res, id, 'read');
    const query = parseOr400(
      z.object({ from: VersionRefSchema, to: VersionRefSchema.default('current') }),
      req.query,
      'invalid_version',
    );
    const [from, to] = [
      await resolve(id, auth.user.id, query.from),
      await resolve(id, auth.user.id, query.to),
    ];
    const diff: DocumentDiff = diffDocuments(from.content, to.content);
    res.json({ from: from.label, to: to.label, ...diff });
  });

  router.post('/docs/:id/versions/:n/restore', async (req, res) => {
    const id = docIdParam(req.params.id);
    const { auth, role } = await access.require(res, id, 'edit');
    if (role !== 'owner') {
      throw new HttpError(403, 'forbidden', 'only an owner of this document may restore a version');
    }
    const n = versionNumber(req.params.n);
    await versionOr404(id, n);
    const result = await service.restore(id, n, auth.user.id);
    if (result === null) throw documentNotFound(id);
    await audit.record({
      docId: id,
      userId: auth.user.id,
      action: 'version_restored',
      detail: { n },
    });
    const { restored, before, after } = result;
    const names = await namesIn([restored, ...(before ? [before] : []), ...(after ? [after] : [])]);
    res.json({
      restored: metaJson(restored, names),
      before: before === null ? null : metaJson(before, names),
      after: after === null ? null : metaJson(after, names),
    });
  });

  return router;
}
