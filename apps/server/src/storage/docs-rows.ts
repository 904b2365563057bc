import { type Int, int } from './rows.js';
import type { AppendResult, DocMeta } from './storage.js';

/** What both storages keep while an append waits for its group commit. */
export interface PendingAppend {
  id: string;
  update: Uint8Array;
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
}

/** A `docs` row's metadata columns, in both backends. */
export interface DocRow {
  id: string;
  title: string;
  created_at: Int;
  updated_at: Int;
}

export const toMeta = (row: DocRow): DocMeta => ({
  id: row.id,
  title: row.title,
  createdAt: int(row.created_at),
  updatedAt: int(row.updated_at),
});

/** The same bytes as a Buffer (what both database drivers take), without copying. */
export const toBuffer = (u: Uint8Array): Buffer =>
  Buffer.from(u.buffer, u.byteOffset, u.byteLength);
/** The same bytes as a plain Uint8Array, without copying. */
export const toUint8 = (b: Buffer): Uint8Array =>
  new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
