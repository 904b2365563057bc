/**
 * Presence over Yjs awareness. Each client publishes
 * `{ user: { id, name, color }, lastActiveAt, away, sectionId }`; the cursor field is written by
 * the caret plugin. The server stamps `user` with the connection's account (exactly these three
 * fields), so a peer's `user` is trustworthy; the rest is untrusted input, validated here.
 */

/** No input for this long and a user shows as away. */
export const IDLE_AFTER_MS = 60_000;

export interface PresenceUser {
  /** The account's id; absent only offline at start, before anyone could say who is signed in. */
  id?: string;
  name: string;
  color: string;
}

export interface Peer {
  clientId: number;
  /** The account's id, when the peer's state has one. */
  userId: string | null;
  name: string;
  color: string;
  away: boolean;
  sectionId: string | null;
  lastActiveAt: number | null;
  isSelf: boolean;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Everyone with a named user in the awareness states, self first, then by name. */
export function peersFrom(states: ReadonlyMap<number, unknown>, selfId: number): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, raw] of states) {
    const state = asRecord(raw);
    const user = asRecord(state?.user);
    if (!state || !user || typeof user.name !== 'string' || !user.name.trim()) continue;
    peers.push({
      clientId,
      userId: typeof user.id === 'string' ? user.id : null,
      name: user.name.slice(0, 40),
      color: typeof user.color === 'string' && COLOR.test(user.color) ? user.color : '#555555',
      away: state.away === true,
      sectionId: typeof state.sectionId === 'string' ? state.sectionId : null,
      lastActiveAt: typeof state.lastActiveAt === 'number' ? state.lastActiveAt : null,
      isSelf: clientId === selfId,
    });
  }
  return peers.sort((a, b) =>
    a.isSelf !== b.isSelf
      ? a.isSelf
        ? -1
        : 1
      : a.name.localeCompare(b.name) || a.clientId - b.clientId,
  );
}

/**
 * Whether two peer lists show the same: who, in which section, away or not. A caret that moved
 * (most awareness changes) or a fresher lastActiveAt leaves them the same.
 */
export function samePeers(a: readonly Peer[], b: readonly Peer[]): boolean {
  return (
    a.length === b.length &&
    a.every((peer, i) => {
      const other = b[i] as Peer;
      return (
        peer.clientId === other.clientId &&
        peer.userId === other.userId &&
        peer.name === other.name &&
        peer.color === other.color &&
        peer.away === other.away &&
        peer.sectionId === other.sectionId &&
        peer.isSelf === other.isSelf
      );
    })
  );
}

/** Peers grouped by the section they are in. */
export function peersBySection(peers: readonly Peer[]): Map<string, Peer[]> {
  const bySection = new Map<string, Peer[]>();
  for (const peer of peers) {
    if (!peer.sectionId) continue;
    bySection.set(peer.sectionId, [...(bySection.get(peer.sectionId) ?? []), peer]);
  }
  return bySection;
}

/**
 * Local idleness: input marks the user active; `check` turns them away after IDLE_AFTER_MS.
 * Each clock is the local one, so skew between machines never marks anyone away.
 */
export class ActivityTracker {
  private lastActiveAt: number;
  private away = false;

  constructor(
    now: number,
    private readonly publish: (state: { lastActiveAt: number; away: boolean }) => void,
    /** Publish a fresh lastActiveAt at most this often while active. */
    private readonly throttleMs = 10_000,
  ) {
    this.lastActiveAt = now;
    this.publish({ lastActiveAt: now, away: false });
  }

  private published = 0;

  markActive(now: number): void {
    const wasAway = this.away;
    this.lastActiveAt = now;
    this.away = false;
    if (wasAway || now - this.published >= this.throttleMs) {
      this.published = now;
      this.publish({ lastActiveAt: now, away: false });
    }
  }

  check(now: number): void {
    if (!this.away && now - this.lastActiveAt >= IDLE_AFTER_MS) {
      this.away = true;
      this.publish({ lastActiveAt: this.lastActiveAt, away: true });
    }
  }

  get isAway(): boolean {
    return this.away;
  }
}
