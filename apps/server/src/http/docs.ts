import { randomBytes } from 'node:crypto';
import {
  CloseCode,
  createFromTemplate,
  DEFAULT_TITLE,
  docTitle,
  type JSONContent,
  jsonToYDoc,
  MarkdownImportError,
  markdownToDoc,
  normalizeTitle,
  writeTitle,
  yDocToJSON,
  yDocToMarkdown,
} from '@ratify/schema';
import { Router } from 'express';
import * as Y from 'yjs';
import type { DocMeta, Storage } from '../storage/storage.js';
import type { Hub } from '../sync/hub.js';
import { HttpError, parseOr400 } from './errors.js';
import { CreateDocBodySchema, DocIdSchema } from './schemas.js';

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
  body: { title?: string; markdown?: string },
  content: JSONContent | null,
): string {
  const asked = normalizeTitle(body.title);
  if (asked !== null) return asked;
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
    const title = initialTitle(body, content);
    const meta = await storage.createDoc({
      id: newDocId(),
      title,
      // A blank document stays empty until its first edit; its title is the stored one.
      ...(content !== null ? { initialUpdate: initialUpdate(content, title) } : {}),
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
