import {
  DOC_ID_PATTERN,
  exampleNames,
  MAX_MARKDOWN_BYTES,
  ROLES,
  templateNames,
} from '@ratify/schema';
import { z } from 'zod';

export const DocIdSchema = z
  .string()
  .regex(DOC_ID_PATTERN, 'document id must be 1-64 characters of A-Z, a-z, 0-9, _ or -');

export const CreateDocBodySchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    /** A built-in template's name, or a saved template's id (GET /api/templates). */
    template: z
      .string()
      .min(1)
      .max(100)
      .meta({
        description: "A built-in template's name, or a saved template's id (GET /api/templates)",
        examples: [...templateNames],
      })
      .optional(),
    markdown: z.string().max(MAX_MARKDOWN_BYTES).optional(),
    /** An example document to start from: Ratify's own architecture review (a demo). */
    example: z
      .enum(exampleNames as [string, ...string[]])
      .meta({ description: "An example document: Ratify's own architecture, filled in" })
      .optional(),
  })
  .refine(
    (body) =>
      [body.template, body.markdown, body.example].filter((given) => given !== undefined).length <=
      1,
    { message: 'give at most one of template, markdown and example' },
  );

export type CreateDocBody = z.infer<typeof CreateDocBodySchema>;

export const CreatedDocSchema = z.object({
  id: z.string(),
  title: z.string(),
  role: z.literal('owner'),
});

export const DocSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const PresentUserSchema = z.object({ name: z.string(), color: z.string() });

export const DocListSchema = z.object({
  docs: z.array(
    DocSummarySchema.extend({
      role: z.enum(ROLES).meta({ description: "The caller's role on the document" }),
      present: z
        .array(PresentUserSchema)
        .meta({ description: 'Who has the document open now (from live presence), at most 20' }),
    }),
  ),
});

export const DocWithContentSchema = DocSummarySchema.extend({
  role: z.enum(ROLES),
  content: z.record(z.string(), z.unknown()).meta({ description: 'ProseMirror JSON document' }),
});

export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const RoleSchema = z.enum(ROLES);

export const AddMemberBodySchema = z.strictObject({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: 'email must be an email address' })),
  role: RoleSchema,
});

export const ChangeRoleBodySchema = z.strictObject({ role: RoleSchema });

/** Share links never grant ownership: an owner is always someone chosen by name. */
export const INVITE_ROLES = ['editor', 'commenter', 'viewer'] as const;
export const MAX_INVITE_HOURS = 24 * 365;

export const CreateInviteBodySchema = z.strictObject({
  role: z.enum(INVITE_ROLES, { error: `role must be one of: ${INVITE_ROLES.join(', ')}` }),
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(MAX_INVITE_HOURS)
    .default(24 * 7),
});

export const AuditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().min(1).optional(),
});

export const MemberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  color: z.string(),
  role: RoleSchema,
  addedAt: z.iso.datetime(),
  viaShareLink: z.boolean(),
});

export const InviteSchema = z.object({
  id: z.string(),
  role: RoleSchema,
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
