import { accessOpenApi } from './openapi-access.js';
import { authOpenApi } from './openapi-auth.js';
import { historyOpenApi } from './openapi-history.js';
import { notifyOpenApi } from './openapi-notify.js';
import { error, type JsonSchema, json, ref, schemaOf } from './openapi-parts.js';
import { reviewOpenApi } from './openapi-review.js';
import {
  CreateDocBodySchema,
  CreatedDocSchema,
  DocListSchema,
  DocWithContentSchema,
  ErrorSchema,
} from './schemas.js';

const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
};

/** The REST API as OpenAPI 3.1; request and response schemas come from the zod validators. */
export function openApiDocument(): JsonSchema {
  const auth = authOpenApi(schemaOf);
  const access = accessOpenApi(schemaOf);
  const review = reviewOpenApi(schemaOf);
  const notify = notifyOpenApi(schemaOf);
  const history = historyOpenApi(schemaOf);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ratify sync server',
      version: '0.1.0',
      description:
        'Documents are edited live over the y-websocket protocol at `/sync/{id}` (add `?ack=1` ' +
        'to receive saved acks), authenticated by the session cookie or a document token. This ' +
        'API signs people in, creates, lists, reads, exports and deletes documents, and manages ' +
        'their members, share links and audit trail. Every document route needs a signed-in ' +
        'user (cookie or `Authorization: Bearer`).',
    },
    paths: {
      '/api/docs': {
        get: {
          summary:
            'The documents the caller can open, with their role, most recently updated first',
          responses: { 200: { description: 'Documents', content: json(ref('DocList')) } },
        },
        post: {
          summary: 'Create a document, empty or from a template or Markdown',
          requestBody: {
            required: true,
            content: json(ref('CreateDocRequest')),
          },
          responses: {
            201: { description: 'Created', content: json(ref('CreatedDoc')) },
            400: error('Invalid request body'),
            422: error(
              'The Markdown cannot become a review document (invalid_markdown), is empty (empty_markdown), or has no `#` heading to name it while no title was given (markdown_without_title)',
            ),
          },
        },
      },
      '/api/docs/{id}': {
        parameters: [idParam],
        get: {
          summary: 'Metadata and content (ProseMirror JSON, from the live state)',
          responses: {
            200: { description: 'The document', content: json(ref('DocWithContent')) },
            400: error('Invalid document id'),
            404: error('No such document'),
          },
        },
        delete: {
          summary: 'Delete a document (owners); live connections are closed with 4404',
          responses: {
            204: { description: 'Deleted' },
            400: error('Invalid document id'),
            404: error('No such document'),
          },
        },
      },
      '/api/docs/{id}/export.md': {
        parameters: [idParam],
        get: {
          summary: 'The document as Markdown, from the live state',
          responses: {
            200: {
              description: 'Markdown',
              content: { 'text/markdown': { schema: { type: 'string' } } },
            },
            400: error('Invalid document id'),
            404: error('No such document'),
          },
        },
      },
      '/healthz': {
        get: { summary: 'The process is up', responses: { 200: { description: 'OK' } } },
      },
      '/readyz': {
        get: {
          summary: 'Storage is reachable',
          responses: { 200: { description: 'Ready' }, 503: error('Storage unavailable') },
        },
      },
      '/metrics': {
        get: { summary: 'Prometheus metrics', responses: { 200: { description: 'Metrics text' } } },
      },
      ...auth.paths,
      ...access.paths,
      ...review.paths,
      ...notify.paths,
      ...history.paths,
    },
    components: {
      schemas: {
        CreateDocRequest: schemaOf(CreateDocBodySchema, 'input'),
        CreatedDoc: schemaOf(CreatedDocSchema),
        DocList: schemaOf(DocListSchema),
        DocWithContent: schemaOf(DocWithContentSchema),
        Error: schemaOf(ErrorSchema),
        ...auth.schemas,
        ...access.schemas,
        ...review.schemas,
        ...notify.schemas,
        ...history.schemas,
      },
    },
  };
}
