import { describe, expect, it } from 'vitest';
import type { VersionInfo } from './api';
import {
  formatWhen,
  hasApproval,
  kindMarker,
  missingRefText,
  namesOf,
  newestFirst,
  parseRef,
  refLabel,
  versionLabel,
  versionTitle,
} from './labels';

const version = (n: number, kind: VersionInfo['kind'], name: string | null): VersionInfo => ({
  n,
  kind,
  name,
  at: '2026-12-07T16:20:00.000Z',
  createdBy: null,
  contributors: [],
  signoffs: { state: 'no_reviewers', sections: [] },
});

describe('version labels', () => {
  it('names a version: its name, "Automatic", or the approval it records', () => {
    expect(versionTitle(version(1, 'auto', null))).toBe('Automatic');
    expect(versionTitle(version(2, 'manual', 'Before the security review'))).toBe(
      'Before the security review',
    );
    expect(versionTitle(version(3, 'approval', '1.1'))).toBe('Approved 1.1');
    expect(versionTitle(version(4, 'restore', 'Restored version 1'))).toBe('Restored version 1');
    expect(versionTitle(version(5, 'manual', null))).toBe('Version 5');
  });

  it('marks approvals and restores only', () => {
    expect(kindMarker('approval')).toBe('Approval');
    expect(kindMarker('restore')).toBe('Restore');
    expect(kindMarker('auto')).toBeNull();
    expect(kindMarker('manual')).toBeNull();
  });

  it('says when briefly: the time today, the day this year, the full date before', () => {
    const now = new Date(2026, 11, 7, 18, 0);
    const at = (d: Date) => d.toISOString();
    expect(formatWhen(at(new Date(2026, 11, 7, 16, 20)), now, 'en-GB')).toBe('16:20');
    expect(formatWhen(at(new Date(2026, 10, 3, 9, 5)), now, 'en-GB')).toBe('3 Nov, 09:05');
    expect(formatWhen(at(new Date(2025, 10, 3, 9, 5)), now, 'en-GB')).toBe('3 Nov 2025, 09:05');
    expect(formatWhen('not a date', now)).toBe('not a date');
  });

  it('lists people once each, in words', () => {
    expect(namesOf([])).toBeNull();
    expect(namesOf([{ id: 'a', name: 'Ada' }])).toBe('Ada');
    expect(
      namesOf([
        { id: 'a', name: 'Ada' },
        { id: 'b', name: 'Bob' },
        { id: 'a2', name: 'Ada' },
        { id: 'c', name: 'Cy' },
      ]),
    ).toBe('Ada, Bob and Cy');
  });

  it('orders newest first and knows whether there was an approval', () => {
    const list = [
      version(1, 'auto', null),
      version(2, 'approval', '1.0'),
      version(3, 'manual', 'x'),
    ];
    expect(newestFirst(list).map((v) => v.n)).toEqual([3, 2, 1]);
    expect(list.map((v) => v.n)).toEqual([1, 2, 3]);
    expect(hasApproval(list)).toBe(true);
    expect(hasApproval([version(1, 'auto', null)])).toBe(false);
    expect(hasApproval(null)).toBe(false);
  });

  it('labels both sides of a diff', () => {
    const list = [version(1, 'manual', 'Draft'), version(2, 'auto', null)];
    expect(refLabel('current', list)).toBe('the live document');
    expect(refLabel(1, list)).toBe('Version 1 · Draft');
    expect(refLabel(2, list)).toMatch(/^Version 2 · Automatic, /);
    expect(refLabel(9, list)).toBe('Version 9');
    expect(refLabel('last-approval', list, '1.1')).toBe('the last approval (1.1)');
    expect(refLabel('last-visit', list, 'version 2')).toBe('your last visit (version 2)');
    expect(refLabel('last-visit', null)).toBe('your last visit');
    expect(versionLabel(version(3, 'approval', '1.1'))).toBe('Version 3 · Approved 1.1');
  });

  it('reads a picked side back, and explains a missing one', () => {
    expect(parseRef('3')).toBe(3);
    expect(parseRef('current')).toBe('current');
    expect(parseRef('last-visit')).toBe('last-visit');
    expect(parseRef('nonsense')).toBe('current');
    expect(missingRefText('last-visit')).toMatch(/no version from before you last closed/);
    expect(missingRefText('last-approval')).toMatch(/not been approved/);
  });
});
