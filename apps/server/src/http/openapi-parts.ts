import { z } from 'zod';

/** The small pieces every part of the OpenAPI document is built from. */
export type JsonSchema = Record<string, unknown>;

/** JSON Schema (2020-12, which OpenAPI 3.1 uses) for a zod schema, without the `$schema` key. */
export function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
/** A response whose body is the Error schema. */
export const error = (description: string) => ({ description, content: json(ref('Error')) });
/** A response whose body is the named schema. */
export const ok = (description: string, name: string) => ({
  description,
  content: json(ref(name)),
});
