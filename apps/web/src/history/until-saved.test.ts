import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { untilSaved } from './until-saved';

function fakeTracker(saved: boolean) {
  const listeners = new Set<() => void>();
  return {
    state: { saved },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next: boolean) {
      this.state = { saved: next };
      for (const l of listeners) l();
    },
    listeners,
  };
}

describe('untilSaved', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is true at once when everything is saved', async () => {
    await expect(untilSaved(fakeTracker(true), 1000)).resolves.toBe(true);
  });

  it('waits for the save, and stops listening', async () => {
    const tracker = fakeTracker(false);
    const result = untilSaved(tracker, 1000);
    tracker.set(false);
    vi.advanceTimersByTime(500);
    tracker.set(true);
    await expect(result).resolves.toBe(true);
    expect(tracker.listeners.size).toBe(0);
  });

  it('gives up after the timeout', async () => {
    const tracker = fakeTracker(false);
    const result = untilSaved(tracker, 1000);
    vi.advanceTimersByTime(1000);
    await expect(result).resolves.toBe(false);
    expect(tracker.listeners.size).toBe(0);
  });
});
