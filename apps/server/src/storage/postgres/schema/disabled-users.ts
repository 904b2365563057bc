import type { Migration } from '../migrations.js';

/** Accounts an administrator disabled (`ratify users disable`, POST /api/admin/users/:id/disable). */
export const DISABLED_USERS_MIGRATION: Migration = {
  version: 12,
  name: 'disabled accounts',
  sql: `
ALTER TABLE users ADD COLUMN disabled_at bigint;
`,
};
