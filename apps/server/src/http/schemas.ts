import {
  DOC_ID_PATTERN,
  MAX_MARKDOWN_BYTES,
  type TemplateName,
  templateNames,
} from '@ratify/schema';
import { z } from 'zod';

export const DocIdSchema = z
  .string()
  .regex(DOC_ID_PATTERN, 'document id must be 1-64 characters of A-Z, a-z, 0-9, _ or -');

export const CreateDocBodySchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    template: z
      .enum(templateNames as unknown as [TemplateName, ...TemplateName[]], {
        error: `template must be one of: ${templateNames.join(', ')}`,
      })
      .optional(),
    markdown: z.string().max(MAX_MARKDOWN_BYTES).optional(),
  })
  .refine((body) => body.template === undefined || body.markdown === undefined, {
    message: 'give either template or markdown, not both',
  });

export type CreateDocBody = z.infer<typeof CreateDocBodySchema>;

export const CreatedDocSchema = z.object({ id: z.string(), title: z.string() });

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
      present: z
        .array(PresentUserSchema)
        .meta({ description: 'Who has the document open now (from live presence), at most 20' }),
    }),
  ),
});

export const DocWithContentSchema = DocSummarySchema.extend({
  content: z.record(z.string(), z.unknown()).meta({ description: 'ProseMirror JSON document' }),
});

export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
