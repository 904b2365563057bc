import {
  CloseCode,
  createFromTemplate,
  DEFAULT_TITLE,
  docTitle,
  exampleMarkdown,
  isTemplateName,
  type JSONContent,
  jsonToYDoc,
  MarkdownImportError,
  markdownToDoc,
  normalizeTitle,
  templateNames,
  writeTitle,
  yDocToJSON,
  yDocToMarkdown,
} from '@ratify/schema';
import { Router } from 'express';
import * as Y from 'yjs';
import type { Audit } from '../auth/audit.js';
import { effectiveRole } from '../auth/policy.js';
import { newDocId } from '../ids.js';
import type { AccountStore } from '../storage/accounts.js';
import type { CommentStore } from '../storage/comments.js';
import type { NotificationStore } from '../storage/notifications.js';
import type { ReviewStore } from '../storage/review.js';
import type { DocMeta, Storage } from '../storage/storage.js';
import type { StoredTemplate, TemplateStore } from '../storage/templates.js';
import type { VersionStore } from '../storage/versions.js';
import { readDocState } from '../sync/doc-state.js';
import type { Hub } from '../sync/hub.js';
import { DocAccess, docIdParam, documentNotFound } from './doc-access.js';
import { HttpError, parseOr400 } from './errors.js';
import { CreateDocBodySchema } from './schemas.js';
import { requireAuth } from './session-cookie.js';

const summary = (meta: DocMeta) => ({
  id: meta.id,
  title: meta.title,
  createdAt: new Date(meta.createdAt).toISOString(),
  updatedAt: new Date(meta.updatedAt).toISOString(),
});

function initialContent(
  body: { template?: string; markdown?: string; example?: string },
  saved: StoredTemplate | null,
): JSONContent | null {
  try {
    if (saved !== null) return markdownToDoc(saved.markdown);
    if (body.example !== undefined) return markdownToDoc(exampleMarkdown(body.example));
    if (body.template !== undefined) return createFromTemplate(body.template);
    if (body.markdown !== undefined) {
      if (body.markdown.trim() === '') {
        throw new HttpError(
          422,
          'empty_markdown',
          'The file is empty: there is nothing to import.',
        );
      }
      const doc = markdownToDoc(body.markdown);
      if (!hasContent(doc)) {
        throw new HttpError(422, 'empty_markdown', 'The file has no content to import.');
      }
      return doc;
    }
  } catch (error) {
    if (error instanceof MarkdownImportError) {
      throw new HttpError(422, 'invalid_markdown', error.message);
    }
    throw error;
  }
  return null;
}

/** False for a document that is nothing but one empty paragraph (or nothing at all). */
function hasContent(doc: JSONContent): boolean {
  const blocks = doc.content ?? [];
  if (blocks.length === 0) return false;
  const [first] = blocks;
  return !(blocks.length === 1 && first?.type === 'paragraph' && !first.content?.length);
}

/**
 * The new document's title: the one asked for, else for an import the file's `#` heading. An
 * import with neither is refused rather than named after nothing.
 */
function initialTitle(
  body: { title?: string; markdown?: string; example?: string },
  content: JSONContent | null,
): string {
  const asked = normalizeTitle(body.title);
  if (asked !== null) return asked;
  if (body.example !== undefined && content !== null) {
    return normalizeTitle(docTitle(content)) ?? DEFAULT_TITLE;
  }
  if (body.markdown === undefined || content === null) return DEFAULT_TITLE;
  // The file was imported once already (initialContent): read its heading from that.
  const fromFile = normalizeTitle(docTitle(content));
  if (fromFile === null) {
    throw new HttpError(
      422,
      'markdown_without_title',
      'The file has no title: start it with a level-1 heading such as "# Payments platform review", or give a title.',
    );
  }
  return fromFile;
}

/** The first stored state of a document with content: the content plus its title (title.ts). */
function initialUpdate(content: JSONContent, title: string): Uint8Array {
  const ydoc = jsonToYDoc(content);
  try {
    writeTitle(ydoc, title);
    return Y.encodeStateAsUpdate(ydoc);
  } finally {
    ydoc.destroy();
  }
}

export interface DocsRouterDeps {
  storage: Storage;
  accounts: AccountStore;
  reviews: ReviewStore;
  comments: CommentStore;
  notifications: NotificationStore;
  versions: VersionStore;
  templates: TemplateStore;
  hub: Hub;
  audit: Audit;
  /** A document was created (the search index takes it in). */
  created?: (docId: string) => void;
  /** A document was deleted (the search index forgets it). */
  deleted?: (docId: string) => void;
}

export function docsRouter(deps: DocsRouterDeps): Router {
  const { storage, accounts, hub, audit } = deps;
  const access = new DocAccess(storage, accounts);
  const router = Router();

  const docId = docIdParam;

  /** `read` on the document's current state (live or stored). */
  async function withDocState<T>(id: string, read: (doc: Y.Doc) => T): Promise<T> {
    const state = await readDocState(hub, storage, id, read);
    if (state === null) throw documentNotFound(id);
    return state.value;
  }

  router.post('/docs', async (req, res) => {
    const auth = requireAuth(res);
    const body = parseOr400(CreateDocBodySchema, req.body ?? {});
    let saved: StoredTemplate | null = null;
    if (body.template !== undefined && !isTemplateName(body.template)) {
      saved = await deps.templates.getTemplate(body.template);
      if (saved === null) {
        throw new HttpError(
          400,
          'invalid_request',
          `template must be one of: ${templateNames.join(', ')}, or the id of a saved template (GET /api/templates)`,
        );
      }
    }
    // Convert before writing anything: bad Markdown leaves storage untouched.
    const content = initialContent(body, saved);
    const title = initialTitle(body, content);
    const meta = await storage.createDoc({
      id: newDocId(),
      title,
      // A blank document stays empty until its first edit; its title is the stored one.
      ...(content !== null ? { initialUpdate: initialUpdate(content, title) } : {}),
    });
    try {
      // The creator owns it. Without an owner nobody could reach it: undo the creation.
      await accounts.setMember(meta.id, auth.user.id, 'owner', Date.now());
    } catch (error) {
      await storage.delete(meta.id).catch(() => {});
      throw error;
    }
    audit.note({
      docId: meta.id,
      userId: auth.user.id,
      action: 'doc_created',
      detail: {
        from:
          body.markdown !== undefined
            ? 'markdown'
            : body.example !== undefined
              ? `example ${body.example}`
              : saved !== null
                ? `template ${saved.name}`
                : (body.template ?? 'blank'),
      },
    });
    deps.created?.(meta.id);
    res.status(201).json({ id: meta.id, title: meta.title, role: 'owner' });
  });

  router.get('/docs', async (_req, res) => {
    const { user } = requireAuth(res);
    const roles = new Map(
      (await accounts.listMemberships(user.id)).map((m) => [m.docId, m.role] as const),
    );
    const actor = { userId: user.id, isAdmin: user.isAdmin };
    const docs = [];
    for (const meta of await storage.list()) {
      const role = effectiveRole(actor, roles.get(meta.id) ?? null);
      if (role === null) continue;
      docs.push({
        ...summary(meta),
        role,
        present: hub.liveRoom(meta.id)?.presentUsers() ?? [],
      });
    }
    res.json({ docs });
  });

  router.get('/docs/:id', async (req, res) => {
    const id = docId(req.params.id);
    const { meta, role } = await access.require(res, id, 'read');
    const content = await withDocState(id, yDocToJSON);
    res.json({ ...summary(meta), role, content });
  });

  router.get('/docs/:id/export.md', async (req, res) => {
    const id = docId(req.params.id);
    const { auth } = await access.require(res, id, 'read');
    const markdown = await withDocState(id, yDocToMarkdown);
    audit.note({ docId: id, userId: auth.user.id, action: 'exported', detail: { format: 'md' } });
    res
      .status(200)
      .type('text/markdown; charset=utf-8')
      .set('Content-Disposition', `inline; filename="${id}.md"`)
      .send(markdown);
  });

  router.delete('/docs/:id', async (req, res) => {
    const id = docId(req.params.id);
    const { auth, meta } = await access.require(res, id, 'delete');
    if (!(await storage.delete(id))) throw documentNotFound(id);
    await hub.evict(id, CloseCode.documentNotFound, 'document was deleted');
    await accounts.deleteDocAccess(id);
    await deps.reviews.deleteDocReview(id);
    await deps.comments.deleteDocComments(id);
    await deps.notifications.deleteDocNotifications(id);
    await deps.versions.deleteDocVersions(id);
    deps.deleted?.(id);
    await audit.record({
      docId: id,
      userId: auth.user.id,
      action: 'doc_deleted',
      detail: { title: meta.title },
    });
    res.status(204).end();
  });

  return router;
}
