import { metaMap, readTitle, TITLE_KEY } from '@ratify/schema';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { Storage } from '../storage/storage.js';

/**
 * Keep the stored list title in step with the title held by the document (the `meta` map, see
 * @ratify/schema's title.ts), so the list shows a rename without loading the document. Only
 * what the document says counts; a value that is not a usable title is ignored. Changes applied
 * while loading count too, so a crash between an edit and this write is repaired on next load;
 * those in transactions with `skipOrigin` (the fan-out: the instance that accepted the edit
 * stores it) do not. Writes run one after the other, so the last title is the one that stays;
 * each is handed to `track` so the room is not unloaded while one is pending. Returns a stop
 * function.
 */
export function followTitle(
  ydoc: Y.Doc,
  options: {
    docId: string;
    storage: Storage;
    log: Logger;
    skipOrigin: unknown;
    track: (work: Promise<unknown>) => void;
  },
): () => void {
  const { docId, storage, log, skipOrigin, track } = options;
  let stored: string | null = null;
  let writes: Promise<void> = Promise.resolve();
  const onChange = (event: Y.YMapEvent<unknown>, txn: Y.Transaction) => {
    if (!event.keysChanged.has(TITLE_KEY) || txn.origin === skipOrigin) return;
    const title = readTitle(ydoc);
    if (title === null) return;
    writes = writes.then(async () => {
      if (title === stored) return;
      try {
        await storage.setTitle(docId, title);
        stored = title;
      } catch (error) {
        log.warn({ docId, err: error }, 'could not store the title');
      }
    });
    track(writes);
  };
  const meta = metaMap(ydoc);
  meta.observe(onChange);
  return () => meta.unobserve(onChange);
}
