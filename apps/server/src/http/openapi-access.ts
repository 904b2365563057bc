import { z } from 'zod';
import { error, type JsonSchema, json, ok, ref } from './openapi-parts.js';
import {
  AddMemberBodySchema,
  ChangeRoleBodySchema,
  CreateInviteBodySchema,
  InviteSchema,
  MemberSchema,
  RoleSchema,
} from './schemas.js';

const AdminUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  createdAt: z.iso.datetime(),
  /** When the administrator disabled it, or null. */
  disabledAt: z.iso.datetime().nullable(),
});

/** Members, share links, document tokens, the audit trail and OIDC sign-in, as OpenAPI. */
export function accessOpenApi(
  schemaOf: (schema: z.ZodType, io?: 'input' | 'output') => JsonSchema,
): {
  paths: JsonSchema;
  schemas: JsonSchema;
} {
  const body = (name: string) => ({ required: true, content: json(ref(name)) });
  const pathParam = (name: string) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  });
  /** What every document route answers besides success. */
  const guarded = {
    401: error('Not signed in'),
    403: error("The caller's role does not allow this"),
    404: error('No such document, or the caller has no access to it (the same answer)'),
  };
  const auditQuery = [
    {
      name: 'limit',
      in: 'query',
      schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    },
    {
      name: 'before',
      in: 'query',
      schema: { type: 'integer', minimum: 1 },
      description: '`nextBefore` of the previous page',
    },
  ];
  return {
    paths: {
      '/api/docs/{id}/members': {
        parameters: [pathParam('id')],
        get: {
          summary: 'Members and their roles (any member)',
          responses: { 200: ok('Members', 'MemberList'), ...guarded },
        },
        post: {
          summary: 'Add an account by email with a role (owners)',
          requestBody: body('AddMemberRequest'),
          responses: {
            201: ok('Added', 'MemberResponse'),
            400: error('Invalid body'),
            409: error('Already a member'),
            422: error('No account has this email (unknown_email): send a share link'),
            ...guarded,
          },
        },
      },
      '/api/docs/{id}/members/{userId}': {
        parameters: [pathParam('id'), pathParam('userId')],
        patch: {
          summary: "Change a member's role (owners); their open connections close with 4403",
          requestBody: body('ChangeRoleRequest'),
          responses: {
            200: ok('Changed', 'MemberResponse'),
            409: error('The last owner cannot be demoted (last_owner)'),
            ...guarded,
          },
        },
        delete: {
          summary: 'Remove a member (owners), or leave (any member, for themselves)',
          responses: {
            204: { description: 'Removed; their open connections close with 4403' },
            409: error('The last owner cannot leave (last_owner)'),
            ...guarded,
          },
        },
      },
      '/api/docs/{id}/invites': {
        parameters: [pathParam('id')],
        get: {
          summary: 'Share links, active and revoked (owners)',
          responses: { 200: ok('Share links', 'InviteList'), ...guarded },
        },
        post: {
          summary: 'Create a share link granting a role until it expires (owners)',
          requestBody: body('CreateInviteRequest'),
          responses: {
            201: ok('Created; `url` holds the secret and is shown only this once', 'CreatedInvite'),
            400: error('Invalid body (a share link never grants ownership)'),
            ...guarded,
          },
        },
      },
      '/api/docs/{id}/invites/{inviteId}': {
        parameters: [pathParam('id'), pathParam('inviteId')],
        delete: {
          summary:
            'Revoke a share link (owners); those who are members only through it lose access',
          responses: { 204: { description: 'Revoked' }, ...guarded },
        },
      },
      '/api/invites/{secret}': {
        parameters: [pathParam('secret')],
        get: {
          summary: 'What a share link grants (signed in)',
          responses: {
            200: ok('The link', 'InvitePreview'),
            401: error('Not signed in'),
            404: error('No such link'),
            410: error('Revoked or expired'),
          },
        },
      },
      '/api/invites/{secret}/accept': {
        parameters: [pathParam('secret')],
        post: {
          summary: "Become a member with the link's role (a stronger role is kept)",
          responses: {
            200: ok('The document and the role now held', 'AcceptedInvite'),
            401: error('Not signed in'),
            404: error('No such link'),
            410: error('Revoked or expired'),
          },
        },
      },
      '/api/docs/{id}/token': {
        parameters: [pathParam('id')],
        post: {
          summary:
            'A 10-minute token for one y-websocket connection to this document: `?token=` or a `Sec-WebSocket-Protocol` value',
          responses: { 201: ok('Token', 'DocToken'), ...guarded },
        },
      },
      '/api/docs/{id}/audit': {
        parameters: [pathParam('id'), ...auditQuery],
        get: {
          summary: "The document's audit trail, newest first (owners)",
          responses: { 200: ok('One page', 'AuditPage'), ...guarded },
        },
      },
      '/api/admin/audit': {
        parameters: auditQuery,
        get: {
          summary: 'Sign-ups, sign-ins and failed sign-ins, newest first (the administrator)',
          responses: {
            200: ok('One page', 'AuditPage'),
            401: error('Not signed in'),
            403: error('Not the administrator'),
          },
        },
      },
      '/api/admin/users': {
        get: {
          summary: 'Every account of this install (the administrator)',
          responses: {
            200: ok('Accounts', 'UserList'),
            401: error('Not signed in'),
            403: error('Not the administrator'),
          },
        },
      },
      '/api/admin/users/{userId}/disable': {
        post: {
          summary:
            'Disable an account (the administrator): it cannot sign in, its sessions end, its API tokens are refused, its connections close on every instance',
          parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: ok('Disabled (or already)', 'AdminUser'),
            401: error('Not signed in'),
            403: error('Not the administrator'),
            404: error('No such account'),
            409: error('The administrator cannot be disabled'),
          },
        },
      },
      '/api/admin/users/{userId}/enable': {
        post: {
          summary: 'Enable a disabled account again (the administrator); its API tokens work again',
          parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: ok('Enabled (or was not disabled)', 'AdminUser'),
            401: error('Not signed in'),
            403: error('Not the administrator'),
            404: error('No such account'),
          },
        },
      },
      '/api/auth/oidc/start': {
        get: {
          summary: 'Sign in through the identity provider (when OIDC_ISSUER is set)',
          parameters: [{ name: 'returnTo', in: 'query', schema: { type: 'string' } }],
          responses: { 302: { description: 'To the identity provider' } },
        },
      },
      '/api/auth/oidc/callback': {
        get: {
          summary: "The identity provider's redirect back: signs in and returns to `returnTo`",
          responses: {
            302: { description: 'Signed in (session cookie set)' },
            400: { description: 'Refused (e.g. no verified email), as a page' },
          },
        },
      },
    },
    schemas: {
      Role: schemaOf(RoleSchema),
      MemberList: schemaOf(z.object({ members: z.array(MemberSchema) })),
      MemberResponse: schemaOf(z.object({ member: MemberSchema })),
      AddMemberRequest: schemaOf(AddMemberBodySchema, 'input'),
      ChangeRoleRequest: schemaOf(ChangeRoleBodySchema, 'input'),
      InviteList: schemaOf(z.object({ invites: z.array(InviteSchema) })),
      CreateInviteRequest: schemaOf(CreateInviteBodySchema, 'input'),
      CreatedInvite: schemaOf(InviteSchema.extend({ url: z.url() })),
      InvitePreview: schemaOf(
        z.object({
          docId: z.string(),
          title: z.string(),
          role: RoleSchema,
          expiresAt: z.iso.datetime(),
        }),
      ),
      AcceptedInvite: schemaOf(z.object({ docId: z.string(), role: RoleSchema })),
      UserList: schemaOf(z.object({ users: z.array(AdminUserSchema) })),
      AdminUser: schemaOf(z.object({ user: AdminUserSchema })),
      DocToken: schemaOf(z.object({ token: z.string(), expiresAt: z.iso.datetime() })),
      AuditPage: schemaOf(
        z.object({
          entries: z.array(
            z.object({
              seq: z.number().int(),
              docId: z.string().nullable(),
              at: z.iso.datetime(),
              userId: z.string().nullable(),
              action: z.string(),
              detail: z.record(z.string(), z.unknown()),
            }),
          ),
          nextBefore: z.number().int().nullable(),
        }),
      ),
    },
  };
}
