import type { Migration } from '../migrations.js';

/** Instance-wide settings every instance shares, such as the generated token secret. */
export const SETTINGS_MIGRATION: Migration = {
  version: 7,
  name: 'instance settings',
  sql: `
CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL
);
`,
};
