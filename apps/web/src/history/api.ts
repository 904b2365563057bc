/** Version history of one document (apps/server/src/http/versions.ts). */
import type { DocumentDiff, JSONContent, Verdict } from '@ratify/schema';
import { apiRequest as request } from '../api';

export type VersionKind = 'auto' | 'manual' | 'approval' | 'restore';

export interface Person {
  id: string;
  name: string;
}

/** The sign-off state when a version was taken. */
export interface VersionSignoffs {
  state: 'no_reviewers' | 'in_review' | 'approved';
  sections: Array<{
    id: string;
    title: string;
    signoffs: Array<{ signerId: string; verdict: Verdict; state: 'current' | 'stale' }>;
  }>;
}

export interface VersionInfo {
  /** 1, 2, 3 … per document, in the order taken. */
  n: number;
  /** Given by hand, an approval's change-log version (`1.1`); null for automatic ones. */
  name: string | null;
  kind: VersionKind;
  /** ISO time. */
  at: string;
  /** Who took it (null: the server, automatically). */
  createdBy: Person | null;
  /** Who edited the document since the version before. */
  contributors: Person[];
  signoffs: VersionSignoffs;
}

export interface VersionDetail {
  version: VersionInfo;
  content: JSONContent;
  markdown: string;
}

/**
 * One side of a diff: a version number, an approved version (`1.1`), the live document, the
 * last approval, or the version from before the caller last closed the document.
 */
export type DiffRef = number | 'current' | 'last-approval' | 'last-visit';

export interface DiffResult extends DocumentDiff {
  /** The server's labels of both sides ("current", a version's name, "version 3"). */
  from: string;
  to: string;
}

const docPath = (docId: string) => `/api/docs/${encodeURIComponent(docId)}`;

/** Oldest first, as the server lists them. */
export async function listVersions(docId: string): Promise<VersionInfo[]> {
  return (await request<{ versions: VersionInfo[] }>(`${docPath(docId)}/versions`)).versions;
}

export async function saveVersion(docId: string, name: string): Promise<VersionInfo> {
  return (
    await request<{ version: VersionInfo }>(`${docPath(docId)}/versions`, {
      method: 'POST',
      body: JSON.stringify({ name }),
    })
  ).version;
}

export function getVersion(docId: string, n: number): Promise<VersionDetail> {
  return request<VersionDetail>(`${docPath(docId)}/versions/${n}`);
}

export const versionExportUrl = (docId: string, n: number) =>
  `${docPath(docId)}/versions/${n}/export.md`;

export function getDiff(docId: string, from: DiffRef, to: DiffRef): Promise<DiffResult> {
  const query = new URLSearchParams({ from: String(from), to: String(to) });
  return request<DiffResult>(`${docPath(docId)}/diff?${query}`);
}

export interface RestoreResult {
  restored: VersionInfo;
  /** The state just before, kept as a version (null: it equalled the last one). */
  before: VersionInfo | null;
  after: VersionInfo | null;
}

export function restoreVersion(docId: string, n: number): Promise<RestoreResult> {
  return request<RestoreResult>(`${docPath(docId)}/versions/${n}/restore`, { method: 'POST' });
}
