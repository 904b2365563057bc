/** The REST API of the sync server (apps/server/src/http/docs.ts). */

export interface PresentUser {
  name: string;
  color: string;
}

export interface DocSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
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

function isDocSummary(value: unknown): value is DocSummary {
  const v = value as Record<string, unknown> | null;
  return (
    !!v &&
    typeof v.id === 'string' &&
    typeof v.title === 'string' &&
    typeof v.updatedAt === 'string'
  );
}

export async function listDocs(): Promise<DocSummary[]> {
  const body = await request<unknown>('/api/docs');
  const docs = Array.isArray(body) ? body : (body as { docs?: unknown } | null)?.docs;
  return Array.isArray(docs) ? docs.filter(isDocSummary) : [];
}

export function getDoc(id: string): Promise<DocSummary> {
  return request<DocSummary>(`/api/docs/${encodeURIComponent(id)}`);
}

export function createDoc(body: { title?: string; template?: string; markdown?: string }) {
  return request<{ id: string; title: string }>('/api/docs', {
    method: 'POST',
    body: JSON.stringify(body),
  });
}

export function deleteDoc(id: string): Promise<void> {
  return request<void>(`/api/docs/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export const exportUrl = (id: string) => `/api/docs/${encodeURIComponent(id)}/export.md`;

/** Drop the offline copy of a deleted document (the editor's y-indexeddb database). */
export function forgetOfflineCopy(id: string): void {
  try {
    indexedDB.deleteDatabase(`ratify:${id}`);
  } catch {
    // IndexedDB unavailable: nothing stored
  }
}
