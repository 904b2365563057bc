import { NOTIFICATION_KINDS } from '@ratify/schema';
import { z } from 'zod';
import { MarkReadBodySchema, NotificationQuerySchema } from './notifications.js';
import { error, type JsonSchema, json, ok, ref } from './openapi-parts.js';

/** The signed-in user's notifications, as OpenAPI. */
export function notifyOpenApi(
  schemaOf: (schema: z.ZodType, io?: 'input' | 'output') => JsonSchema,
): { paths: JsonSchema; schemas: JsonSchema } {
  const query = schemaOf(NotificationQuerySchema, 'input') as {
    properties: Record<string, JsonSchema>;
  };
  const notification = z.object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    docId: z.string(),
    docTitle: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    threadId: z.string().nullable(),
    sectionId: z.string().nullable(),
    text: z.string().meta({ description: 'One line of plain text (show it as text)' }),
    at: z.iso.datetime(),
    readAt: z.iso.datetime().nullable(),
  });
  return {
    paths: {
      '/api/notifications': {
        get: {
          summary:
            "The signed-in user's notifications, newest first (mentions, replies in their threads, sign-off requests, approvals of documents they own), with the unread count",
          parameters: Object.entries(query.properties).map(([name, schema]) => ({
            name,
            in: 'query',
            required: false,
            schema,
          })),
          responses: {
            200: ok('Notifications', 'NotificationList'),
            400: error('Invalid query'),
            401: error('Not signed in'),
          },
        },
      },
      '/api/notifications/read': {
        post: {
          summary: 'Mark some (ids) or all (no ids) of your notifications read',
          requestBody: { required: true, content: json(ref('MarkReadRequest')) },
          responses: {
            200: { description: 'The unread count after' },
            400: error('Invalid body'),
            401: error('Not signed in'),
          },
        },
      },
      '/api/notifications/stream': {
        get: {
          summary:
            'Server-Sent Events: the unread count on connect, then every new notification and every read change ({ kind, …, unread } as JSON in each data line); ends when the sign-in ends',
          responses: {
            200: { description: 'text/event-stream', content: { 'text/event-stream': {} } },
            401: error('Not signed in'),
          },
        },
      },
    },
    schemas: {
      NotificationList: schemaOf(
        z.object({ notifications: z.array(notification), unread: z.number().int() }),
      ),
      MarkReadRequest: schemaOf(MarkReadBodySchema, 'input'),
    },
  };
}
