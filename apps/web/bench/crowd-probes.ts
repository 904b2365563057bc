// What the browser-crowd benchmark measures inside the page. `installProbes` runs in the page
// before the app (page.addInitScript), so it must be self-contained: no imports, no closures.

export interface ProbeState {
  /** Event Timing entries of interactions (keystrokes): interaction id, name, duration. */
  events: Array<{ id: number; name: string; duration: number; start: number }>;
  /** Long tasks (over 50 ms): start and duration. */
  longTasks: Array<{ start: number; duration: number }>;
  /** Remote markers (`⁅seq⁆`) by seq: Date.now() in the frame they were first drawn in. */
  seen: Record<number, number>;
}

declare global {
  interface Window {
    __crowdProbes?: ProbeState;
  }
}

export function installProbes(): void {
  const state: ProbeState = { events: [], longTasks: [], seen: {} };
  window.__crowdProbes = state;
  // 16 ms is the lowest threshold the Event Timing API takes: a keystroke whose next paint came
  // sooner is not reported (the benchmark counts it as 16 ms, an upper bound).
  new PerformanceObserver((list) => {
    // interactionId is in Chromium's Event Timing, not yet in TypeScript's DOM types.
    for (const entry of list.getEntries() as Array<
      PerformanceEventTiming & { interactionId: number }
    >) {
      if (entry.interactionId > 0) {
        state.events.push({
          id: entry.interactionId,
          name: entry.name,
          duration: entry.duration,
          start: entry.startTime,
        });
      }
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      state.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });

  // Remote edits: the text of each changed block, without other people's caret labels, is
  // searched for markers in the next animation frame (the frame that draws the change).
  const pattern = /⁅(\d+)⁆/g;
  const changed = new Set<Element>();
  let scheduled = false;
  const textOf = (element: Element): string => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) =>
        node.parentElement?.closest('.remote-caret')
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT,
    });
    let text = '';
    while (walker.nextNode()) text += (walker.currentNode as Text).data;
    return text;
  };
  const scan = () => {
    scheduled = false;
    const now = Date.now();
    for (const element of changed) {
      for (const match of textOf(element).matchAll(pattern)) {
        const seq = Number(match[1]);
        if (state.seen[seq] === undefined) state.seen[seq] = now;
      }
    }
    changed.clear();
  };
  const blockOf = (node: Node): Element | null => {
    const element = node instanceof Element ? node : node.parentElement;
    return element?.closest('p, li, td, th, h1, h2, h3, h4, h5, h6, pre') ?? element ?? null;
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'characterData') {
        const block = blockOf(record.target);
        if (block) changed.add(block);
        continue;
      }
      for (const node of record.addedNodes) {
        const block = blockOf(node);
        if (block) changed.add(block);
      }
    }
    if (!scheduled && changed.size > 0) {
      scheduled = true;
      requestAnimationFrame(scan);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

/** Scroll the page from top to bottom over about `ms`, one step per frame: frames per second. */
export function scrollThrough(ms: number): Promise<{ fps: number; frames: number }> {
  const scroller = document.scrollingElement ?? document.documentElement;
  scroller.scrollTop = 0;
  const distance = scroller.scrollHeight - scroller.clientHeight;
  return new Promise((resolve) => {
    let frames = 0;
    let started = 0;
    const step = (now: number) => {
      if (started === 0) started = now;
      const elapsed = now - started;
      frames++;
      scroller.scrollTop = Math.min(distance, (distance * elapsed) / ms);
      if (elapsed >= ms) {
        resolve({ fps: ((frames - 1) * 1000) / elapsed, frames });
        return;
      }
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
}
