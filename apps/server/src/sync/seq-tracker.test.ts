import { describe, expect, it } from 'vitest';
import { SeqTracker } from './seq-tracker.js';

describe('SeqTracker', () => {
  it('[RD0] keeps the contiguous head, waits on holes, and catches up from storage', () => {
    const seqs = new SeqTracker(3);
    seqs.see(2);
    expect([seqs.head, seqs.hasGap]).toEqual([3, false]);
    seqs.see(5);
    seqs.see(6);
    expect([seqs.head, seqs.hasGap]).toEqual([3, true]);
    seqs.see(4);
    expect([seqs.head, seqs.hasGap]).toEqual([6, false]);
    seqs.see(9);
    seqs.advanceTo(7);
    expect([seqs.head, seqs.hasGap]).toEqual([7, true]);
    seqs.see(8);
    expect([seqs.head, seqs.hasGap]).toEqual([9, false]);
    seqs.see(12);
    seqs.advanceTo(12);
    expect([seqs.head, seqs.hasGap]).toEqual([12, false]);
  });
});
