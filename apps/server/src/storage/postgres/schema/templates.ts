import type { Migration } from '../migrations.js';

/** Templates saved from documents (PgTemplateStore). */
export const TEMPLATES_MIGRATION: Migration = {
  version: 11,
  name: 'saved templates',
  sql: `
CREATE TABLE templates (
  id text PRIMARY KEY,
  name text NOT NULL,
  markdown text NOT NULL,
  created_by text NOT NULL,
  created_at bigint NOT NULL
);
`,
};
