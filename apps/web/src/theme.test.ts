import { describe, expect, it } from 'vitest';
import { parseThemePreference, resolveTheme } from './theme';

describe('theme', () => {
  it('parses stored preferences, anything unknown meaning "follow the system"', () => {
    expect(parseThemePreference('dark')).toBe('dark');
    expect(parseThemePreference('light')).toBe('light');
    expect(parseThemePreference('system')).toBe('system');
    expect(parseThemePreference(null)).toBe('system');
    expect(parseThemePreference('purple')).toBe('system');
  });

  it('follows the system only when asked to', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});

describe('theme before the first paint', () => {
  it('comes from a same-origin script, not an inline one (CSP script-src self)', async () => {
    const { readFile } = await import('node:fs/promises');
    const root = new URL('..', import.meta.url);
    const html = await readFile(new URL('index.html', root), 'utf8');
    const init = await readFile(new URL('public/theme-init.js', root), 'utf8');
    // Every <script> has a src; the theme one is a classic script, so it blocks the first paint.
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
    expect(html).toMatch(/<head>[\s\S]*<script src="\/theme-init\.js"><\/script>[\s\S]*<\/head>/);
    const { THEME_STORAGE_KEY } = await import('./theme');
    expect(init).toContain(`'${THEME_STORAGE_KEY}'`);
  });
});
