import { markdownToDoc, reviewSchema } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import { todayISO, versionsOf } from './change-log-view';

describe('change log helpers', () => {
  it('formats today as a local ISO date', () => {
    expect(todayISO(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('reads the versions of a change log', () => {
    const doc = reviewSchema.nodeFromJSON(
      markdownToDoc(
        '| Date | Version | Changes | Approved By |\n|---|---|---|---|\n| 2026-01-01 | 1.0 | a | b |\n| 2026-01-02 | 1.4 | c | d |\n',
      ),
    );
    let log = null as null | ReturnType<typeof doc.child>;
    doc.forEach((block) => {
      if (block.type.name === 'changeLog') log = block;
    });
    expect(log).not.toBeNull();
    if (log) expect(versionsOf(log)).toEqual(['1.0', '1.4']);
  });
});
