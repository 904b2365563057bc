import type { z } from 'zod';
import { error, type JsonSchema, json, ref } from './openapi-parts.js';
import { SaveTemplateBodySchema } from './templates.js';
import { NewVersionBodySchema } from './versions.js';

/** Versions, diffs, restore, search and templates, as OpenAPI. */
export function historyOpenApi(
  schemaOf: (schema: z.ZodType, io?: 'input' | 'output') => JsonSchema,
): { paths: JsonSchema; schemas: JsonSchema } {
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const nParam = {
    name: 'n',
    in: 'path',
    required: true,
    description: 'The version number (1, 2, 3 … per document)',
    schema: { type: 'integer', minimum: 1 },
  };
  const ref$ = (name: string, description: string, required: boolean) => ({
    name,
    in: 'query',
    required,
    description,
    schema: { type: 'string', examples: ['3', '1.1', 'current', 'last-approval', 'last-visit'] },
  });
  const guarded = {
    401: error('Not signed in'),
    403: error("The caller's role does not allow this"),
    404: error('No such document or version, or no access to it'),
  };
  return {
    paths: {
      '/api/docs/{id}/versions': {
        parameters: [idParam],
        get: {
          summary:
            'Versions, oldest first: automatic (after editing settles, at least hourly while it goes on), by hand, at every approval (named after its change-log version) and after a restore; each with its contributors since the version before and the sign-off state then',
          responses: { 200: { description: 'Versions' }, ...guarded },
        },
        post: {
          summary: 'Take a version now, with a name (owners and editors)',
          requestBody: { required: true, content: json(ref('NewVersionRequest')) },
          responses: {
            201: { description: 'The version' },
            400: error('Invalid body'),
            ...guarded,
          },
        },
      },
      '/api/docs/{id}/versions/{n}': {
        parameters: [idParam, nParam],
        get: {
          summary:
            'One version: its details, its content (ProseMirror JSON, to view read-only) and Markdown',
          responses: {
            200: { description: 'The version' },
            400: error('Not a version number'),
            ...guarded,
          },
        },
      },
      '/api/docs/{id}/versions/{n}/export.md': {
        parameters: [idParam, nParam],
        get: {
          summary: 'The version as Markdown',
          responses: {
            200: { description: 'Markdown', content: { 'text/markdown': {} } },
            ...guarded,
          },
        },
      },
      '/api/docs/{id}/versions/{n}/restore': {
        parameters: [idParam, nParam],
        post: {
          summary:
            'Make the document what the version was, as a new forward change every connected client converges to (owners); the state before and the restored one are kept as versions, and sign-offs on the sections it changes go stale',
          responses: { 200: { description: 'Restored' }, ...guarded },
        },
      },
      '/api/templates': {
        get: {
          summary:
            'The built-in templates and those saved from documents, each with a preview (its sections, how many checklist items and fields, the start of its Markdown); POST /api/docs `{ template: id }` starts a review from any of them',
          responses: { 200: { description: 'Templates' }, 401: error('Not signed in') },
        },
      },
      '/api/templates/{templateId}': {
        parameters: [
          { name: 'templateId', in: 'path', required: true, schema: { type: 'string' } },
        ],
        delete: {
          summary: 'Delete a saved template (whoever saved it, or the administrator)',
          responses: {
            204: { description: 'Deleted' },
            403: error('Not yours'),
            404: error('No such template'),
          },
        },
      },
      '/api/docs/{id}/template': {
        parameters: [idParam],
        post: {
          summary:
            'Save the document as a template (owners): its text as it is, checklist items open again and the change log down to one empty row unless `keepState`',
          requestBody: { required: true, content: json(ref('SaveTemplateRequest')) },
          responses: {
            201: { description: 'The template' },
            400: error('Invalid body'),
            ...guarded,
          },
        },
      },
      '/api/search': {
        get: {
          summary:
            'Full-text search over the documents the caller may read: titles, section text (field values included) and comments; every word matches as a prefix, all must occur; each hit names its document, section (or thread) and a snippet whose matching runs are marked',
          parameters: [
            { name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 500 } },
            {
              name: 'limit',
              in: 'query',
              required: false,
              schema: { type: 'integer', minimum: 1, maximum: 50, default: 20 },
            },
          ],
          responses: {
            200: { description: 'Hits, best first' },
            400: error('Invalid query'),
            401: error('Not signed in'),
          },
        },
      },
      '/api/docs/{id}/diff': {
        parameters: [
          idParam,
          ref$(
            'from',
            'A version number, an approved version (1.1), current, last-approval, or last-visit (the version before you last closed the document)',
            true,
          ),
          ref$('to', 'The same; default current', false),
        ],
        get: {
          summary:
            'What changed between two versions, section by section (matched by their stable ids: added, removed, moved, changed), each changed section word by word, with checklist ticks and field values listed as such',
          responses: {
            200: { description: 'The diff' },
            400: error('A side is not a version reference'),
            ...guarded,
          },
        },
      },
    },
    schemas: {
      NewVersionRequest: schemaOf(NewVersionBodySchema, 'input'),
      SaveTemplateRequest: schemaOf(SaveTemplateBodySchema, 'input'),
    },
  };
}
