/** GET /api/search: full-text search over the documents the signed-in user may read. */
import { apiRequest } from '../api';
import { parseHits, type SearchHit } from './model';

export const SEARCH_LIMIT = 20;

export async function searchDocs(
  query: string,
  options: { limit?: number; signal?: AbortSignal } = {},
): Promise<SearchHit[]> {
  const params = new URLSearchParams({ q: query, limit: String(options.limit ?? SEARCH_LIMIT) });
  const body = await apiRequest<unknown>(
    `/api/search?${params}`,
    options.signal ? { signal: options.signal } : {},
  );
  return parseHits(body);
}
