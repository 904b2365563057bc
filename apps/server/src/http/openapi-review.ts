import { z } from 'zod';
import { CommentBodySchema, NewThreadSchema } from './comments.js';
import { error, type JsonSchema, json, ok, ref } from './openapi-parts.js';
import { ReviewersBodySchema, SignoffBodySchema, VersionStepBodySchema } from './review.js';
import { WebhookBodySchema } from './webhooks.js';

/** Reviewers, sign-offs, sections, approval, rounds and comments, as OpenAPI. */
export function reviewOpenApi(
  schemaOf: (schema: z.ZodType, io?: 'input' | 'output') => JsonSchema,
): {
  paths: JsonSchema;
  schemas: JsonSchema;
} {
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const threadParam = { name: 'threadId', in: 'path', required: true, schema: { type: 'string' } };
  const idempotencyKey = {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Names the request so a retry is applied once: a retry of a finished request gets its response again (with `Idempotent-Replayed: true`), on any instance; 409 request_in_progress while it runs; 422 idempotency_key_reused for a different request. 1 to 128 visible ASCII characters, kept 24 hours per account.',
    schema: { type: 'string', maxLength: 128 },
  };
  const retried = {
    409: error('A request with this Idempotency-Key is still being handled (request_in_progress)'),
    422: error('The Idempotency-Key was used for a different request (idempotency_key_reused)'),
  };
  const guarded = {
    401: error('Not signed in'),
    403: error("The caller's role does not allow this"),
    404: error('No such document, or no access to it'),
  };
  const record = z.object({
    docId: z.string(),
    seq: z.number().int(),
    sectionId: z.string(),
    signerId: z.string(),
    verdict: z.enum(['approve', 'changes_requested']),
    contentHash: z.string(),
    roundId: z.string().nullable(),
    at: z.number().int().meta({ description: 'Milliseconds since the epoch' }),
    prevHash: z.string(),
    hash: z.string(),
  });
  const round = z.object({
    id: z.string(),
    startedBy: z.string(),
    startedAt: z.number().int(),
    endedAt: z.number().int().nullable(),
    attendees: z.array(z.string()),
  });
  return {
    paths: {
      '/api/docs/{id}/reviewers': {
        parameters: [idParam],
        get: {
          summary: 'Required reviewers',
          responses: { 200: ok('Reviewers', 'Reviewers'), ...guarded },
        },
        put: {
          summary: 'Name the required reviewers, for the document and per section (owners)',
          requestBody: { required: true, content: json(ref('ReviewersRequest')) },
          responses: {
            200: ok('Stored and pushed live', 'Reviewers'),
            422: error('A named reviewer is not a member (not_a_member)'),
            ...guarded,
          },
        },
      },
      '/api/docs/{id}/signoffs': {
        parameters: [idParam],
        get: {
          summary: 'Every sign-off record, oldest first',
          responses: { 200: ok('Records', 'SignoffList'), ...guarded },
        },
        post: {
          summary:
            'Record a verdict on one section, or on several at once (all or none); only a required reviewer of each, present in the document now, signing its current content hash',
          parameters: [idempotencyKey],
          requestBody: { required: true, content: json(ref('SignoffRequest')) },
          responses: {
            201: ok('Recorded, chained and pushed live', 'SignoffList'),
            400: error('Invalid body'),
            403: error('Not a required reviewer of the section (not_a_reviewer)'),
            404: error('No such document or section (section_not_found)'),
            409: error(
              'Not present in the document (not_present), the section changed since (stale_content), or a request with this Idempotency-Key is still being handled (request_in_progress)',
            ),
            422: error(
              'The Idempotency-Key was used for a different request (idempotency_key_reused)',
            ),
            401: error('Not signed in'),
          },
        },
      },
      '/api/docs/{id}/signoffs/verify': {
        parameters: [idParam],
        get: {
          summary: "Recompute the document's hash chain; the first break if any",
          responses: { 200: ok('The check', 'ChainCheck'), ...guarded },
        },
      },
      '/api/docs/{id}/sections': {
        parameters: [idParam],
        get: {
          summary:
            "Sections from the live state with their content hash, reviewers and each reviewer's latest sign-off (current or stale)",
          responses: { 200: ok('Sections', 'SectionList'), ...guarded },
        },
      },
      '/api/docs/{id}/approval': {
        parameters: [idParam],
        get: {
          summary:
            'Approved, in review or no reviewers named, what is still waiting, every recorded approval, and the version the next one will be (nextStep, nextVersion)',
          responses: { 200: { description: 'The approval state' }, ...guarded },
        },
      },
      '/api/docs/{id}/approval/next': {
        parameters: [idParam],
        put: {
          summary:
            'Choose whether the next approval is a minor (1.1 → 1.2) or a major (→ 2.0) version (owners); pushed live, and minor again after that approval',
          requestBody: { required: true, content: json(ref('VersionStepRequest')) },
          responses: {
            200: { description: 'nextStep and nextVersion' },
            400: error('Invalid body'),
            ...guarded,
          },
        },
      },
      '/api/docs/{id}/comments': {
        parameters: [idParam],
        get: {
          summary:
            'Comment threads, anchors resolved against the live content (removed quotes, detached threads)',
          responses: { 200: { description: 'Threads' }, ...guarded },
        },
        post: {
          summary:
            'Open a thread on a section, optionally on a quoted range (commenters, editors, owners)',
          parameters: [idempotencyKey],
          requestBody: { required: true, content: json(ref('NewThreadRequest')) },
          responses: {
            201: { description: 'The thread, also pushed live' },
            400: error('Invalid body'),
            409: retried[409],
            422: error(
              'No such section, the quote is not in the text (anchor_mismatch), or the Idempotency-Key was used for a different request (idempotency_key_reused)',
            ),
            ...guarded,
          },
        },
      },
      '/api/docs/{id}/comments/{threadId}/replies': {
        parameters: [idParam, threadParam],
        post: {
          summary: 'Reply in a thread',
          parameters: [idempotencyKey],
          requestBody: { required: true, content: json(ref('CommentRequest')) },
          responses: { 201: { description: 'The thread' }, ...retried, ...guarded },
        },
      },
      '/api/docs/{id}/comments/{threadId}/{commentId}': {
        parameters: [
          idParam,
          threadParam,
          { name: 'commentId', in: 'path', required: true, schema: { type: 'string' } },
        ],
        patch: {
          summary: "Edit one's own comment",
          requestBody: { required: true, content: json(ref('CommentRequest')) },
          responses: { 200: { description: 'The thread' }, 409: error('Deleted'), ...guarded },
        },
        delete: {
          summary: "Delete one's own comment (it stays in the thread as deleted)",
          responses: { 200: { description: 'The thread' }, ...guarded },
        },
      },
      '/api/docs/{id}/comments/{threadId}/read': {
        parameters: [idParam, threadParam],
        post: {
          summary:
            'Mark a thread read for the caller (GET …/comments returns each thread’s read time as `reads`; writing in a thread reads it too)',
          responses: { 204: { description: 'Marked' }, ...guarded },
        },
      },
      '/api/docs/{id}/comments/{threadId}/resolve': {
        parameters: [idParam, threadParam],
        post: {
          summary: 'Resolve a thread (its author, editors and owners)',
          responses: { 200: { description: 'The thread' }, ...guarded },
        },
      },
      '/api/docs/{id}/comments/{threadId}/reopen': {
        parameters: [idParam, threadParam],
        post: {
          summary: 'Reopen a thread (its author, editors and owners)',
          responses: { 200: { description: 'The thread' }, ...guarded },
        },
      },
      '/api/docs/{id}/webhooks': {
        parameters: [idParam],
        get: {
          summary: "The document's webhooks with their recent deliveries (owners)",
          responses: { 200: { description: 'Webhooks' }, ...guarded },
        },
        post: {
          summary:
            'Register an https URL for comment.created, signoff.recorded, section.stale and document.approved events (owners); the signing secret is returned once',
          requestBody: { required: true, content: json(ref('WebhookRequest')) },
          responses: {
            201: { description: 'Registered' },
            400: error('Not an https URL (https_required)'),
            ...guarded,
          },
        },
      },
      '/api/docs/{id}/webhooks/{hookId}': {
        parameters: [
          idParam,
          { name: 'hookId', in: 'path', required: true, schema: { type: 'string' } },
        ],
        delete: {
          summary: 'Remove a webhook (owners)',
          responses: { 204: { description: 'Removed' }, ...guarded },
        },
      },
      '/api/admin/webhooks': {
        get: {
          summary: "The instance's webhooks (the administrator)",
          responses: { 200: { description: 'Webhooks' } },
        },
        post: {
          summary: 'Register an instance-wide webhook (the administrator)',
          requestBody: { required: true, content: json(ref('WebhookRequest')) },
          responses: { 201: { description: 'Registered' }, 403: error('Not the administrator') },
        },
      },
      '/api/docs/{id}/rounds': {
        parameters: [idParam],
        post: {
          summary: 'Call a sign-off round; who is present attends (owners)',
          responses: {
            201: ok('Started', 'RoundResponse'),
            409: error('A round is open'),
            ...guarded,
          },
        },
      },
      '/api/docs/{id}/rounds/current': {
        parameters: [idParam],
        get: {
          summary: 'The open sign-off round, or null',
          responses: { 200: { description: '{ round }' }, ...guarded },
        },
        delete: {
          summary: 'End the open round (owners)',
          responses: { 204: { description: 'Ended' }, ...guarded },
        },
      },
    },
    schemas: {
      Reviewers: schemaOf(
        z.object({
          document: z.array(z.string()),
          sections: z.record(z.string(), z.array(z.string())),
        }),
      ),
      ReviewersRequest: schemaOf(ReviewersBodySchema, 'input'),
      SignoffRequest: schemaOf(SignoffBodySchema, 'input'),
      VersionStepRequest: schemaOf(VersionStepBodySchema, 'input'),
      SignoffList: schemaOf(z.object({ records: z.array(record) })),
      ChainCheck: schemaOf(
        z.union([
          z.object({ ok: z.literal(true), length: z.number().int(), head: z.string() }),
          z.object({ ok: z.literal(false), seq: z.number().int(), problem: z.string() }),
        ]),
      ),
      SectionList: schemaOf(
        z.object({
          sections: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              level: z.number().int(),
              contentHash: z.string(),
              reviewers: z.array(z.string()),
              signoffs: z.array(
                z.object({
                  signer: z.string(),
                  verdict: z.enum(['approve', 'changes_requested']),
                  at: z.iso.datetime(),
                  seq: z.number().int(),
                  state: z.enum(['current', 'stale']),
                  changes: z
                    .array(
                      z.object({ kind: z.enum(['added', 'removed', 'same']), text: z.string() }),
                    )
                    .nullable()
                    .meta({
                      description:
                        "A stale sign-off: the section's Markdown changes since it was signed",
                    }),
                }),
              ),
            }),
          ),
        }),
      ),
      RoundResponse: schemaOf(z.object({ round: round })),
      NewThreadRequest: schemaOf(NewThreadSchema, 'input'),
      WebhookRequest: schemaOf(WebhookBodySchema, 'input'),
      CommentRequest: schemaOf(CommentBodySchema, 'input'),
    },
  };
}
