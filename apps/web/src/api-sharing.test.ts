import { describe, expect, it } from 'vitest';
import { activeInvites, type Invite } from './api-sharing';

describe('activeInvites', () => {
  it('keeps the links neither revoked nor expired', () => {
    const now = Date.parse('2026-01-02T00:00:00Z');
    const invite = (id: string, expiresAt: string, revokedAt: string | null = null): Invite => ({
      id,
      role: 'viewer',
      createdAt: '2026-01-01T00:00:00Z',
      expiresAt,
      revokedAt,
    });
    const invites = [
      invite('live', '2026-01-03T00:00:00Z'),
      invite('expired', '2026-01-01T12:00:00Z'),
      invite('revoked', '2026-01-03T00:00:00Z', '2026-01-01T13:00:00Z'),
    ];
    expect(activeInvites(invites, now).map((i) => i.id)).toEqual(['live']);
  });
});
