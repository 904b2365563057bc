/** Members, share links and the audit log of one document (owners manage; members read). */
import type { Role } from '@ratify/schema';
import { apiRequest as request } from './api';

export interface Member {
  userId: string;
  email: string;
  name: string;
  color: string;
  role: Role;
  addedAt: string;
  /** Holds the role through a share link (revoking the link ends it). */
  viaShareLink?: boolean;
}

export interface Invite {
  id: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** A link just created: `url` carries the secret, shown only this once. */
export interface CreatedInvite {
  id: string;
  role: Role;
  expiresAt: string;
  url: string;
}

export interface InviteInfo {
  docId: string;
  title: string;
  role: Role;
  expiresAt: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  userId: string | null;
  action: string;
  detail: unknown;
}

const docPath = (docId: string) => `/api/docs/${encodeURIComponent(docId)}`;

export async function listMembers(docId: string): Promise<Member[]> {
  return (await request<{ members: Member[] }>(`${docPath(docId)}/members`)).members;
}

export async function addMember(docId: string, email: string, role: Role): Promise<Member> {
  const body = JSON.stringify({ email, role });
  return (await request<{ member: Member }>(`${docPath(docId)}/members`, { method: 'POST', body }))
    .member;
}

export async function changeMemberRole(docId: string, userId: string, role: Role) {
  const path = `${docPath(docId)}/members/${encodeURIComponent(userId)}`;
  return (
    await request<{ member: Member }>(path, { method: 'PATCH', body: JSON.stringify({ role }) })
  ).member;
}

export function removeMember(docId: string, userId: string): Promise<void> {
  const path = `${docPath(docId)}/members/${encodeURIComponent(userId)}`;
  return request<void>(path, { method: 'DELETE' });
}

export async function listInvites(docId: string): Promise<Invite[]> {
  return (await request<{ invites: Invite[] }>(`${docPath(docId)}/invites`)).invites;
}

export function createInvite(docId: string, role: Role, expiresInHours: number) {
  return request<CreatedInvite>(`${docPath(docId)}/invites`, {
    method: 'POST',
    body: JSON.stringify({ role, expiresInHours }),
  });
}

export function revokeInvite(docId: string, inviteId: string): Promise<void> {
  const path = `${docPath(docId)}/invites/${encodeURIComponent(inviteId)}`;
  return request<void>(path, { method: 'DELETE' });
}

export function getInvite(secret: string): Promise<InviteInfo> {
  return request<InviteInfo>(`/api/invites/${encodeURIComponent(secret)}`);
}

export function acceptInvite(secret: string) {
  return request<{ docId: string; role: Role }>(
    `/api/invites/${encodeURIComponent(secret)}/accept`,
    { method: 'POST' },
  );
}

/** A ten-minute token for non-browser sync clients (`?token=` on the sync URL). */
export function createDocToken(docId: string) {
  return request<{ token: string; expiresAt: string }>(`${docPath(docId)}/token`, {
    method: 'POST',
  });
}

export async function listAudit(docId: string, limit = 20) {
  return request<{ entries: AuditEntry[]; nextBefore: number | null }>(
    `${docPath(docId)}/audit?limit=${limit}`,
  );
}

/** Links still usable: neither revoked nor expired. */
export function activeInvites(invites: readonly Invite[], now: number): Invite[] {
  return invites.filter((i) => !i.revokedAt && Date.parse(i.expiresAt) > now);
}
