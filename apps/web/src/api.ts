/** The REST API of the sync server (apps/server/src/http/). */
import { type ExampleName, isRole, type Role } from '@ratify/schema';

export type { Role };

export interface PresentUser {
  name: string;
  color: string;
}

export interface DocSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  /** The signed-in user's role on it (null: an older server that did not say). */
  role: Role | null;
  /** Who has the document open now; only in list responses. */
  present?: PresentUser[];
}

export const TEMPLATE_NAME = 'technical-architecture-framework';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: {
        Accept: 'application/json',
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        ...init.headers,
      },
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection.');
  }
  if (!response.ok) {
    let code = 'http_error';
    let message = `The server answered ${response.status}.`;
    try {
      const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
      if (typeof body.error?.code === 'string') code = body.error.code;
      if (typeof body.error?.message === 'string') message = body.error.message;
    } catch {
      // not JSON: keep the generic message
    }
    throw new ApiError(response.status, code, message);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function toDocSummary(value: unknown): DocSummary | null {
  const v = value as Record<string, unknown> | null;
  if (
    !v ||
    typeof v.id !== 'string' ||
    typeof v.title !== 'string' ||
    typeof v.updatedAt !== 'string'
  ) {
    return null;
  }
  return { ...(v as unknown as DocSummary), role: isRole(v.role) ? v.role : null };
}

export async function listDocs(): Promise<DocSummary[]> {
  const body = await request<unknown>('/api/docs');
  const docs = Array.isArray(body) ? body : (body as { docs?: unknown } | null)?.docs;
  if (!Array.isArray(docs)) return [];
  return docs.map(toDocSummary).filter((doc): doc is DocSummary => doc !== null);
}

export async function getDoc(id: string): Promise<DocSummary> {
  const doc = toDocSummary(await request<unknown>(`/api/docs/${encodeURIComponent(id)}`));
  if (!doc) throw new ApiError(0, 'bad_response', 'The server sent an unexpected answer.');
  return doc;
}

/**
 * What a new document starts from: at most one of a template (a built-in name or a saved
 * template's id), an imported Markdown file, or an example; `title` overrides its heading.
 */
export interface CreateDocBody {
  title?: string;
  template?: string;
  markdown?: string;
  example?: ExampleName;
}

export function createDoc(body: CreateDocBody) {
  return request<{ id: string; title: string; role?: Role }>('/api/docs', {
    method: 'POST',
    body: JSON.stringify(body),
  });
}

export function deleteDoc(id: string): Promise<void> {
  return request<void>(`/api/docs/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export { request as apiRequest };

export const exportUrl = (id: string) => `/api/docs/${encodeURIComponent(id)}/export.md`;

/** Drop the offline copy of a deleted document (the editor's y-indexeddb database). */
export function forgetOfflineCopy(id: string): void {
  try {
    indexedDB.deleteDatabase(`ratify:${id}`);
  } catch {
    // IndexedDB unavailable: nothing stored
  }
}
