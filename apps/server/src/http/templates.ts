import {
  changeLogRowJSON,
  docToMarkdown,
  type JSONContent,
  markdownToDoc,
  sectionsOf,
  templateMarkdown,
  templateNames,
  withoutNodeIds,
  yDocToJSON,
} from '@ratify/schema';
import { Router } from 'express';
import { z } from 'zod';
import type { Audit } from '../auth/audit.js';
import { newId } from '../ids.js';
import type { AccountStore } from '../storage/accounts.js';
import type { Storage } from '../storage/storage.js';
import type { StoredTemplate, TemplateStore } from '../storage/templates.js';
import { readDocState } from '../sync/doc-state.js';
import type { Hub } from '../sync/hub.js';
import { DocAccess, docIdParam, documentNotFound } from './doc-access.js';
import { HttpError, parseOr400 } from './errors.js';
import { requireAuth } from './session-cookie.js';
import { userNames } from './user-names.js';

export const SaveTemplateBodySchema = z.strictObject({
  name: z.string().trim().min(1, 'a template needs a name').max(100),
  /** Keep checklist ticks and change-log rows as they are (default: start them afresh). */
  keepState: z.boolean().default(false),
});

/**
 * A document made into a starting point: every checklist item open again and the change log
 * down to one empty row (unless asked to keep them), the text as it is.
 */
export function asTemplate(doc: JSONContent): JSONContent {
  const walk = (node: JSONContent): JSONContent => {
    if (node.type === 'checklistItem') {
      return { ...node, attrs: { ...node.attrs, state: 'open' }, content: node.content?.map(walk) };
    }
    if (node.type === 'changeLog') return { ...node, content: [changeLogRowJSON()] };
    return node.content === undefined ? node : { ...node, content: node.content.map(walk) };
  };
  return walk(doc);
}

/** What a template looks like at a glance: its sections and how much it asks. */
export function templatePreview(markdown: string) {
  const doc = markdownToDoc(markdown);
  let checklist = 0;
  let fields = 0;
  const count = (node: JSONContent) => {
    if (node.type === 'checklistItem') checklist++;
    if (node.type === 'field') fields++;
    for (const child of node.content ?? []) count(child);
  };
  count(doc);
  const sections = sectionsOf(doc);
  return {
    sections: sections.map((s) => ({ title: s.title, level: s.level })),
    checklistItems: checklist,
    fields,
    excerpt: markdown.slice(0, 600),
  };
}

/** The built-in templates and the saved ones; saving a document as one; deleting one. */
export function templatesRouter(deps: {
  storage: Storage;
  accounts: AccountStore;
  hub: Hub;
  audit: Audit;
  templates: TemplateStore;
}): Router {
  const { storage, accounts, hub, templates } = deps;
  const access = new DocAccess(storage, accounts);
  const router = Router();

  const savedJson = (t: StoredTemplate, names: Map<string, string>) => ({
    id: t.id,
    name: t.name,
    builtIn: false,
    createdBy: { id: t.createdBy, name: names.get(t.createdBy) ?? t.createdBy },
    createdAt: new Date(t.createdAt).toISOString(),
    preview: templatePreview(t.markdown),
  });

  // The built-in templates never change while the server runs: their entries are made once.
  const builtIn = templateNames.map((name) => {
    const markdown = templateMarkdown(name);
    return {
      id: name,
      name: markdown.match(/^# (.+)$/m)?.[1] ?? name,
      builtIn: true,
      createdBy: null,
      createdAt: null,
      preview: templatePreview(markdown),
    };
  });

  router.get('/templates', async (_req, res) => {
    requireAuth(res);
    const list = await templates.listTemplates();
    const names = await userNames(
      accounts,
      list.map((t) => t.createdBy),
    );
    res.json({ templates: [...builtIn, ...list.map((t) => savedJson(t, names))] });
  });

  router.post('/docs/:id/template', async (req, res) => {
    const id = docIdParam(req.params.id);
    const { auth, role } = await access.require(res, id, 'read');
    if (role !== 'owner') {
      throw new HttpError(
        403,
        'forbidden',
        'only an owner of this document may save it as a template',
      );
    }
    const body = parseOr400(SaveTemplateBodySchema, req.body ?? {});
    const content = await readDocState(hub, storage, id, yDocToJSON);
    if (content === null) throw documentNotFound(id);
    const doc = withoutNodeIds(body.keepState ? content.value : asTemplate(content.value));
    const template: StoredTemplate = {
      id: newId(),
      name: body.name,
      markdown: docToMarkdown(doc),
      createdBy: auth.user.id,
      createdAt: Date.now(),
    };
    await templates.addTemplate(template);
    deps.audit.note({
      docId: id,
      userId: auth.user.id,
      action: 'template_saved',
      detail: { template: template.id, name: body.name },
    });
    res
      .status(201)
      .json({ template: savedJson(template, new Map([[auth.user.id, auth.user.name]])) });
  });

  router.delete('/templates/:templateId', async (req, res) => {
    const { user } = requireAuth(res);
    const template = await templates.getTemplate(String(req.params.templateId));
    if (template === null) throw new HttpError(404, 'template_not_found', 'no such template');
    if (template.createdBy !== user.id && !user.isAdmin) {
      throw new HttpError(
        403,
        'forbidden',
        'only whoever saved a template, or the administrator, may delete it',
      );
    }
    await templates.deleteTemplate(template.id);
    res.status(204).end();
  });

  return router;
}
