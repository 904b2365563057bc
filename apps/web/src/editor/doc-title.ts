import { metaMap, readTitle } from '@ratify/schema';
import { useCallback, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

/** The title held by the document (@ratify/schema title.ts), live; null if it has none. */
export function useDocTitle(doc: Y.Doc | null): string | null {
  const subscribe = useCallback(
    (notify: () => void) => {
      if (!doc) return () => {};
      const meta = metaMap(doc);
      meta.observe(notify);
      return () => meta.unobserve(notify);
    },
    [doc],
  );
  return useSyncExternalStore(subscribe, () => (doc ? readTitle(doc) : null));
}
