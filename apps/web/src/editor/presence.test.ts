import { describe, expect, it } from 'vitest';
import { ActivityTracker, IDLE_AFTER_MS, peersBySection, peersFrom, samePeers } from './presence';

describe('peersFrom', () => {
  it('keeps valid users, self first, and sanitises untrusted fields', () => {
    const states = new Map<number, unknown>([
      [3, { user: { name: 'Zed', color: '#112233' }, sectionId: 's1', away: true }],
      [1, { user: { name: 'Me', color: 'red; background: url(x)' }, sectionId: 7 }],
      [2, { user: { name: 'Ada', color: '#abcdef' }, lastActiveAt: 5 }],
      [4, { cursor: {} }],
      [5, null],
      [6, { user: { name: '   ' } }],
    ]);
    const peers = peersFrom(states, 1);
    expect(peers.map((p) => p.name)).toEqual(['Me', 'Ada', 'Zed']);
    expect(peers[0]).toMatchObject({ isSelf: true, color: '#555555', sectionId: null });
    expect(peers[1]).toMatchObject({ away: false, lastActiveAt: 5 });
    expect(peers[2]).toMatchObject({ away: true, sectionId: 's1' });
    expect(
      peersBySection(peers)
        .get('s1')
        ?.map((p) => p.name),
    ).toEqual(['Zed']);
  });
});

describe('ActivityTracker', () => {
  it('turns away after a minute without input and back on input', () => {
    const published: { lastActiveAt: number; away: boolean }[] = [];
    const tracker = new ActivityTracker(0, (s) => published.push(s));
    expect(published).toEqual([{ lastActiveAt: 0, away: false }]);
    tracker.check(IDLE_AFTER_MS - 1);
    expect(tracker.isAway).toBe(false);
    tracker.markActive(30_000);
    tracker.check(30_000 + IDLE_AFTER_MS - 1);
    expect(tracker.isAway).toBe(false);
    tracker.check(30_000 + IDLE_AFTER_MS);
    expect(tracker.isAway).toBe(true);
    expect(published.at(-1)).toEqual({ lastActiveAt: 30_000, away: true });
    tracker.markActive(100_000);
    expect(tracker.isAway).toBe(false);
    expect(published.at(-1)).toEqual({ lastActiveAt: 100_000, away: false });
  });

  it('throttles activity updates', () => {
    let count = 0;
    const tracker = new ActivityTracker(0, () => count++, 10_000);
    for (let t = 0; t < 20_000; t += 100) tracker.markActive(t);
    expect(count).toBeLessThanOrEqual(4);
  });
});

describe('peers from stamped presence', () => {
  it("reads the account id the server stamps on each peer's user", () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'u-ada', name: 'Ada', color: '#123456' } }],
      [2, { user: { name: 'Offline start', color: '#654321' } }],
      [3, { user: { id: 42, name: 'Odd', color: '#000000' } }],
    ]);
    const peers = peersFrom(states, 1);
    expect(peers.map((p) => [p.name, p.userId])).toEqual([
      ['Ada', 'u-ada'],
      ['Odd', null],
      ['Offline start', null],
    ]);
  });
});

describe('samePeers', () => {
  it('a moved caret or a fresher activity time is the same list; a section, away or a new peer is not', () => {
    const state = (sectionId: string, extra: Record<string, unknown> = {}) => ({
      user: { id: 'u1', name: 'Ada', color: '#112233' },
      sectionId,
      away: false,
      lastActiveAt: 1,
      cursor: { anchor: 1, head: 1 },
      ...extra,
    });
    const before = peersFrom(new Map([[1, state('s1')]]), 9);
    const moved = peersFrom(
      new Map([[1, state('s1', { cursor: { anchor: 5, head: 5 }, lastActiveAt: 99 })]]),
      9,
    );
    expect(samePeers(before, moved)).toBe(true);
    expect(samePeers(before, peersFrom(new Map([[1, state('s2')]]), 9))).toBe(false);
    expect(samePeers(before, peersFrom(new Map([[1, state('s1', { away: true })]]), 9))).toBe(
      false,
    );
    expect(
      samePeers(
        before,
        peersFrom(
          new Map([
            [1, state('s1')],
            [2, state('s1')],
          ]),
          9,
        ),
      ),
    ).toBe(false);
  });
});
