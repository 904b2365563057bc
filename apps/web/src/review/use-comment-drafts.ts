import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { DraftStore, draftStorageKey, type OutboxItem } from './drafts';

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** One store per document and user, shared by every box of the tab (and the sign-off panel). */
const stores = new Map<string, DraftStore>();

export function draftStoreFor(docId: string, userId: string | null): DraftStore {
  const key = draftStorageKey(docId, userId);
  let store = stores.get(key);
  if (!store) {
    store = new DraftStore(browserStorage(), key);
    stores.set(key, store);
  }
  return store;
}

/** This document's drafts, kept in step with the user's other tabs. */
export function useCommentDrafts(
  docId: string,
  userId: string | null,
): { store: DraftStore; outbox: readonly OutboxItem[] } {
  const store = useMemo(() => draftStoreFor(docId, userId), [docId, userId]);
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === store.key || event.key === null) store.refresh();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [store]);
  const outbox = useSyncExternalStore(store.subscribe, store.outbox);
  return { store, outbox };
}
