import { describe, expect, it } from 'vitest';
import { DOC_ACTIONS, isRole, ROLES, roleAllows, strongerRole } from './roles.js';

describe('roles', () => {
  it('[PM1] each role grants exactly its actions; a non-member gets none', () => {
    const table = Object.fromEntries(
      [...ROLES, null].map((role) => [
        String(role),
        DOC_ACTIONS.filter((action) => roleAllows(role, action)),
      ]),
    );
    expect(table).toEqual({
      owner: ['read', 'edit', 'comment', 'manageMembers', 'viewAudit', 'delete'],
      editor: ['read', 'edit', 'comment'],
      commenter: ['read', 'comment'],
      viewer: ['read'],
      null: [],
    });
  });

  it('orders roles and recognises only real ones', () => {
    expect(strongerRole('viewer', 'editor')).toBe('editor');
    expect(strongerRole('owner', 'commenter')).toBe('owner');
    expect(strongerRole(null, 'viewer')).toBe('viewer');
    expect(strongerRole('viewer', null)).toBe('viewer');
    expect(strongerRole(null, null)).toBeNull();
    expect(isRole('editor')).toBe(true);
    expect(isRole('admin')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
