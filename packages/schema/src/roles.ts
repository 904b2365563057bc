/**
 * Document roles and what each may do: one table shared by the server (which enforces it) and
 * the web client (which only uses it to hide what would be refused anyway).
 */

/** Strongest first. */
export const ROLES = ['owner', 'editor', 'commenter', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Everything a member of a document may be allowed to do. */
export const DOC_ACTIONS = [
  'read',
  'edit',
  'comment',
  'manageMembers',
  'viewAudit',
  'delete',
] as const;
export type DocAction = (typeof DOC_ACTIONS)[number];

const GRANTS: Record<Role, ReadonlySet<DocAction>> = {
  owner: new Set(DOC_ACTIONS),
  editor: new Set<DocAction>(['read', 'edit', 'comment']),
  commenter: new Set<DocAction>(['read', 'comment']),
  viewer: new Set<DocAction>(['read']),
};

/** Whether `role` may do `action` on a document (null: not a member, may do nothing). */
export function roleAllows(role: Role | null, action: DocAction): boolean {
  return role !== null && GRANTS[role].has(action);
}

/** The stronger of two roles (null is weaker than any). */
export function strongerRole(a: Role | null, b: Role | null): Role | null {
  if (a === null) return b;
  if (b === null) return a;
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}

/** Whether a connection with this role may write the content document. */
export function canWriteContent(role: Role | null): boolean {
  return roleAllows(role, 'edit');
}
