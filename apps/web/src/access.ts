import type { Role } from '@ratify/schema';

/**
 * Why the editor is read-only for this role, or null when it may edit (the server enforces the
 * same: a change from a read-only connection closes it). `null` role: not known yet (offline),
 * so the editor stays editable as before accounts and the server decides once it is reachable.
 */
export function readOnlyReasonFor(role: Role | null): string | null {
  if (role === 'viewer') return 'Read-only — you are a viewer';
  if (role === 'commenter') return 'Read-only — you are a commenter';
  return null;
}

/** Human names of the roles, for selects and badges. */
export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  editor: 'Editor',
  commenter: 'Commenter',
  viewer: 'Viewer',
};
