import type { Verdict } from '@ratify/schema';

/**
 * Versions: immutable snapshots of a document with their time, who edited it since the version
 * before, and the sign-off state at that moment. A backend implements this beside `Storage` and
 * passes `registerVersionContractTests`.
 */

export const VERSION_KINDS = ['auto', 'manual', 'approval', 'restore'] as const;
export type VersionKind = (typeof VERSION_KINDS)[number];

/** The sign-off state when the version was taken. */
export interface VersionSignoffs {
  /** The document's approval state then (see review/approval.ts). */
  state: 'no_reviewers' | 'in_review' | 'approved';
  sections: Array<{
    id: string;
    title: string;
    signoffs: Array<{ signerId: string; verdict: Verdict; state: 'current' | 'stale' }>;
  }>;
}

export interface VersionMeta {
  docId: string;
  /** 1, 2, 3 … per document, in the order taken. */
  n: number;
  /** Given by hand, or the change-log version of an approval (`1.1`); null for automatic ones. */
  name: string | null;
  kind: VersionKind;
  at: number;
  /** Who took it (null: the server, automatically). */
  createdBy: string | null;
  /** Who edited the document since the version before. */
  contributors: string[];
  signoffs: VersionSignoffs;
}

export interface StoredVersion extends VersionMeta {
  /** The document then, as one Yjs update. */
  state: Uint8Array;
  /** Its state vector: a version equal to the one before it is not taken again. */
  stateVector: Uint8Array;
  markdown: string;
}

export type NewVersion = Omit<StoredVersion, 'n'>;

export interface VersionStore {
  /**
   * Store the next version of the document, numbered after the last. With `unlessUnchanged`,
   * nothing is stored (null) when the last version has the same state vector: instances
   * racing to take the same automatic version store it once.
   */
  addVersion(
    version: NewVersion,
    options?: { unlessUnchanged?: boolean },
  ): Promise<StoredVersion | null>;
  /** Oldest first, without their content. */
  listVersions(docId: string): Promise<VersionMeta[]>;
  getVersion(docId: string, n: number): Promise<StoredVersion | null>;
  /** The latest version with this name (an approval's `1.1`), or null. */
  findVersion(docId: string, name: string): Promise<StoredVersion | null>;
  /** Forget a deleted document's versions. */
  deleteDocVersions(docId: string): Promise<void>;
}

export interface VersionRow {
  doc_id: string;
  n: number | string;
  name: string | null;
  kind: VersionKind;
  at: number | string;
  created_by: string | null;
  contributors: string | string[];
  signoffs: string | VersionSignoffs;
}

export interface StoredVersionRow extends VersionRow {
  state: Uint8Array;
  state_vector: Uint8Array;
  markdown: string;
}

export const VERSION_META_COLUMNS = 'doc_id, n, name, kind, at, created_by, contributors, signoffs';

const parsed = <T>(value: string | T): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : value;

export function toVersionMeta(row: VersionRow): VersionMeta {
  return {
    docId: row.doc_id,
    n: Number(row.n),
    name: row.name,
    kind: row.kind,
    at: Number(row.at),
    createdBy: row.created_by,
    contributors: parsed<string[]>(row.contributors),
    signoffs: parsed<VersionSignoffs>(row.signoffs),
  };
}

export function toStoredVersion(row: StoredVersionRow): StoredVersion {
  return {
    ...toVersionMeta(row),
    state: new Uint8Array(row.state),
    stateVector: new Uint8Array(row.state_vector),
    markdown: row.markdown,
  };
}

/** Byte-for-byte equality of two state vectors. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * The number a new version gets after the document's latest one (read under the store's lock),
 * or null when asked to skip an unchanged document and nothing changed since that one.
 */
export function nextVersionNumber(
  last: { n: number; stateVector: Uint8Array } | undefined,
  version: NewVersion,
  options: { unlessUnchanged?: boolean },
): number | null {
  if (options.unlessUnchanged && last !== undefined) {
    if (sameBytes(last.stateVector, version.stateVector)) return null;
  }
  return (last?.n ?? 0) + 1;
}
