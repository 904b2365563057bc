import { describe, expect, it } from 'vitest';
import { ariaKeyShortcuts, formatKeys, isApplePlatform } from './keys';
import { SHORTCUTS } from './shortcuts';

describe('shortcut keys', () => {
  it('shows Mod as Ctrl, or as ⌘ with symbols on Apple platforms', () => {
    expect(formatKeys('Mod+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(formatKeys('Mod+Shift+Z', true)).toBe('⌘⇧Z');
    expect(formatKeys('Mod+Alt+1', true)).toBe('⌘⌥1');
    expect(formatKeys('Space', false)).toBe('Space');
  });

  it('writes aria-keyshortcuts with the modifier names the ARIA spec uses', () => {
    expect(ariaKeyShortcuts('Mod+B', false)).toBe('Control+B');
    expect(ariaKeyShortcuts('Mod+B', true)).toBe('Meta+B');
    expect(ariaKeyShortcuts('Mod+Shift+Z', false)).toBe('Control+Shift+Z');
  });

  it('detects Apple platforms', () => {
    expect(isApplePlatform({ platform: 'MacIntel' })).toBe(true);
    expect(isApplePlatform({ platform: 'Linux x86_64', userAgent: 'X11' })).toBe(false);
  });

  it('lists every shortcut once, with a description', () => {
    const keys = SHORTCUTS.map((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const shortcut of SHORTCUTS) expect(shortcut.description.length).toBeGreaterThan(0);
  });
});
