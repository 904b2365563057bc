import { randomBytes } from 'node:crypto';
import {
  CloseCode,
  createFromTemplate,
  type JSONContent,
  jsonToYUpdate,
  MarkdownImportError,
  markdownToDoc,
  yDocToJSON,
  yDocToMarkdown,
} from '@ratify/schema';
import { Router } from 'express';
import * as Y from 'yjs';
import type { DocMeta, Storage } from '../storage/storage.js';
import type { Hub } from '../sync/hub.js';
import { HttpError, parseOr400 } from './errors.js';
import { CreateDocBodySchema, DocIdSchema } from './schemas.js';

const DEFAULT_TITLE = 'Untitled review';

/** 16 URL-safe characters (96 random bits); always matches DOC_ID_PATTERN. */
export const newDocId = (): string => randomBytes(12).toString('base64url');

const summary = (meta: DocMeta) => ({
  id: meta.id,
  title: meta.title,
  createdAt: new Date(meta.createdAt).toISOString(),
  updatedAt: new Date(meta.updatedAt).toISOString(),
});

function initialContent(body: { template?: string; markdown?: string }): JSONContent | null {
  try {
    if (body.template !== undefined) return createFromTemplate(body.template);
    if (body.markdown !== undefined) return markdownToDoc(body.markdown);
  } catch (error) {
    if (error instanceof MarkdownImportError) {
      throw new HttpError(422, 'invalid_markdown', error.message);
    }
    throw error;
  }
  return null;
}

export function docsRouter(deps: { storage: Storage; hub: Hub }): Router {
  const { storage, hub } = deps;
  const router = Router();

  const docId = (raw: unknown): string => parseOr400(DocIdSchema, raw, 'invalid_document_id');

  async function requireMeta(id: string): Promise<DocMeta> {
    const meta = await storage.getMeta(id);
    if (meta === null)
      throw new HttpError(404, 'document_not_found', `document ${id} does not exist`);
    return meta;
  }

  /** Run `read` on the live Y.Doc if the document is loaded, else on one built from storage. */
  async function withDocState<T>(id: string, read: (doc: Y.Doc) => T): Promise<T> {
    const live = hub.liveRoom(id);
    if (live !== null) return read(live.doc);
    const stored = await storage.load(id);
    if (stored === null)
      throw new HttpError(404, 'document_not_found', `document ${id} does not exist`);
    const doc = new Y.Doc();
    try {
      if (stored.snapshot !== null) Y.applyUpdate(doc, stored.snapshot);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
      return read(doc);
    } finally {
      doc.destroy();
    }
  }

  router.post('/docs', async (req, res) => {
    const body = parseOr400(CreateDocBodySchema, req.body ?? {});
    // Convert before writing anything: bad Markdown leaves storage untouched.
    const content = initialContent(body);
    const meta = await storage.createDoc({
      id: newDocId(),
      title: body.title ?? DEFAULT_TITLE,
      ...(content !== null ? { initialUpdate: jsonToYUpdate(content) } : {}),
    });
    res.status(201).json({ id: meta.id, title: meta.title });
  });

  router.get('/docs', async (_req, res) => {
    const docs = (await storage.list()).map((meta) => ({
      ...summary(meta),
      present: hub.liveRoom(meta.id)?.presentUsers() ?? [],
    }));
    res.json({ docs });
  });

  router.get('/docs/:id', async (req, res) => {
    const id = docId(req.params.id);
    const meta = await requireMeta(id);
    const content = await withDocState(id, yDocToJSON);
    res.json({ ...summary(meta), content });
  });

  router.get('/docs/:id/export.md', async (req, res) => {
    const id = docId(req.params.id);
    await requireMeta(id);
    const markdown = await withDocState(id, yDocToMarkdown);
    res
      .status(200)
      .type('text/markdown; charset=utf-8')
      .set('Content-Disposition', `inline; filename="${id}.md"`)
      .send(markdown);
  });

  router.delete('/docs/:id', async (req, res) => {
    const id = docId(req.params.id);
    if (!(await storage.delete(id))) {
      throw new HttpError(404, 'document_not_found', `document ${id} does not exist`);
    }
    await hub.evict(id, CloseCode.documentNotFound, 'document was deleted');
    res.status(204).end();
  });

  return router;
}
