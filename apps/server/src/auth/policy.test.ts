import { describe, expect, it } from 'vitest';
import { decideAccess, effectiveRole, memberChangeProblem } from './policy.js';

const member = { userId: 'u', isAdmin: false };
const admin = { userId: 'a', isAdmin: true };

describe('access policy', () => {
  it('[PM2] no access is 404 (as for a missing document); a member without the right is 403', () => {
    expect(decideAccess(member, null, 'read')).toEqual({ ok: false, status: 404 });
    expect(decideAccess(member, 'viewer', 'read')).toEqual({ ok: true, role: 'viewer' });
    expect(decideAccess(member, 'viewer', 'edit')).toEqual({ ok: false, status: 403 });
    expect(decideAccess(member, 'commenter', 'comment')).toEqual({ ok: true, role: 'commenter' });
    expect(decideAccess(member, 'editor', 'manageMembers')).toEqual({ ok: false, status: 403 });
    expect(decideAccess(member, 'owner', 'delete')).toEqual({ ok: true, role: 'owner' });
  });

  it('[PM3] the administrator sees every document but edits only where a member', () => {
    expect(effectiveRole(admin, null)).toBe('viewer');
    expect(decideAccess(admin, null, 'read')).toEqual({ ok: true, role: 'viewer' });
    expect(decideAccess(admin, null, 'edit')).toEqual({ ok: false, status: 403 });
    expect(decideAccess(admin, 'editor', 'edit')).toEqual({ ok: true, role: 'editor' });
  });

  it('[PM4] the last owner can be neither removed nor demoted', () => {
    const last = { targetUserId: 'u', currentRole: 'owner' as const };
    expect(memberChangeProblem({ kind: 'remove', ...last }, 1)).toMatch(/at least one owner/);
    expect(memberChangeProblem({ kind: 'set', ...last, newRole: 'editor' }, 1)).toMatch(/owner/);
    expect(memberChangeProblem({ kind: 'set', ...last, newRole: 'owner' }, 1)).toBeNull();
    expect(memberChangeProblem({ kind: 'remove', ...last }, 2)).toBeNull();
    expect(
      memberChangeProblem(
        { kind: 'set', targetUserId: 'v', currentRole: 'viewer', newRole: 'editor' },
        1,
      ),
    ).toBeNull();
  });
});
