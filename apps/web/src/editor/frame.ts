/**
 * Run `work` at most once per animation frame however often it is requested: many requests in
 * one frame (awareness changes, remote updates in a crowd) become one run before the next paint.
 * A hidden tab gets no animation frames; a timer then runs it (as the browser allows).
 */
export function onceAFrame(
  work: () => void,
  fallbackMs = 100,
): { request: () => void; cancel: () => void; flush: () => void } {
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const clear = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    frame = null;
    timer = null;
  };
  const run = () => {
    clear();
    work();
  };
  return {
    request() {
      if (frame !== null || timer !== null) return;
      frame = requestAnimationFrame(run);
      timer = setTimeout(run, fallbackMs);
    },
    cancel: clear,
    /** Run now if a run is pending. */
    flush() {
      if (frame !== null || timer !== null) run();
    },
  };
}
