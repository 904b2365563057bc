import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MAX_TITLE_LENGTH,
  metaMap,
  normalizeTitle,
  readTitle,
  TITLE_KEY,
  writeTitle,
} from './title.js';

describe('document title', () => {
  it('normalizes whitespace and control characters, caps the length, refuses empty titles', () => {
    expect(normalizeTitle('  Payments \n platform\t review ')).toBe('Payments platform review');
    expect(normalizeTitle('a\u0000b\u0007c')).toBe('abc');
    expect(normalizeTitle('   ')).toBeNull();
    expect(normalizeTitle(42)).toBeNull();
    expect(normalizeTitle(null)).toBeNull();
    expect(normalizeTitle('x'.repeat(500))).toHaveLength(MAX_TITLE_LENGTH);
    // A surrogate pair at the cut is kept whole or dropped, never split.
    const emoji = normalizeTitle(`${'x'.repeat(MAX_TITLE_LENGTH - 1)}😀😀`);
    expect(emoji?.endsWith('😀')).toBe(true);
  });

  it('is stored in the meta map, syncs between docs, and ignores unusable values', () => {
    const alice = new Y.Doc();
    const bob = new Y.Doc();
    alice.on('update', (update: Uint8Array) => Y.applyUpdate(bob, update));
    expect(readTitle(bob)).toBeNull();
    expect(writeTitle(alice, '  Payments ')).toBe('Payments');
    expect(readTitle(bob)).toBe('Payments');
    // Same title again: nothing written.
    expect(writeTitle(alice, 'Payments')).toBeNull();
    expect(writeTitle(alice, ' ')).toBeNull();
    expect(readTitle(bob)).toBe('Payments');
    // Something else put there by a misbehaving client reads as "no title".
    metaMap(alice).set(TITLE_KEY, { evil: true });
    expect(readTitle(bob)).toBeNull();
  });
});
