/** What `untilSaved` needs of the editor's SaveTracker. */
export interface SavedSource {
  readonly state: { saved: boolean };
  subscribe(listener: () => void): () => void;
}

/**
 * Resolves true once everything typed here is durable on the server, false if that has not
 * happened within `timeoutMs` (offline, say): a version taken by hand should hold what its
 * taker sees, so it waits for the last keystrokes first, but never for long.
 */
export function untilSaved(source: SavedSource, timeoutMs: number): Promise<boolean> {
  if (source.state.saved) return Promise.resolve(true);
  return new Promise((resolve) => {
    let done = false;
    const finish = (saved: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      resolve(saved);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const unsubscribe = source.subscribe(() => {
      if (source.state.saved) finish(true);
    });
  });
}
