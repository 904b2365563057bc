import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';
import { searchDocs } from './api';
import { normaliseQuery, SEARCH_DEBOUNCE_MS, type SearchHit } from './model';

export type SearchState =
  | { status: 'idle' }
  | { status: 'loading'; query: string; hits: SearchHit[] }
  | { status: 'done'; query: string; hits: SearchHit[] }
  | { status: 'error'; query: string; message: string };

/**
 * Search as the user types: a query goes out once typing pauses (SEARCH_DEBOUNCE_MS), an older
 * answer arriving after a newer one is dropped (latest wins; the older request is aborted too),
 * and the previous hits stay shown while the next ones load.
 */
export function useSearch(raw: string): SearchState {
  const [state, setState] = useState<SearchState>({ status: 'idle' });
  const seq = useRef(0);
  const query = normaliseQuery(raw);

  useEffect(() => {
    const mine = ++seq.current;
    if (!query) {
      setState({ status: 'idle' });
      return;
    }
    setState((s) => ({
      status: 'loading',
      query,
      hits: s.status === 'done' || s.status === 'loading' ? s.hits : [],
    }));
    const abort = new AbortController();
    const timer = window.setTimeout(() => {
      searchDocs(query, { signal: abort.signal }).then(
        (hits) => {
          if (seq.current === mine) setState({ status: 'done', query, hits });
        },
        (error: unknown) => {
          if (seq.current !== mine) return;
          const message =
            error instanceof ApiError && error.status === 400
              ? 'That search cannot be run. Try other words.'
              : error instanceof ApiError
                ? error.message
                : 'Something went wrong.';
          setState({ status: 'error', query, message });
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [query]);

  return state;
}
