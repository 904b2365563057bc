/**
 * Colour theme: follow the system (`prefers-color-scheme`) or force light or dark. The choice is
 * kept in localStorage; index.html applies it before the first paint so there is no flash. The
 * stylesheets pick colours with `light-dark()`, driven by `color-scheme`, which
 * `:root[data-theme]` pins when the user chose one.
 */
export type ThemePreference = 'system' | 'light' | 'dark';
export type ResolvedTheme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'ratify.theme';
export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark'];

export function parseThemePreference(value: unknown): ThemePreference {
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function resolveTheme(preference: ThemePreference, systemDark: boolean): ResolvedTheme {
  if (preference === 'system') return systemDark ? 'dark' : 'light';
  return preference;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

const listeners = new Set<() => void>();
let preference: ThemePreference = parseThemePreference(storage()?.getItem(THEME_STORAGE_KEY));

function darkQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && window.matchMedia
    ? window.matchMedia('(prefers-color-scheme: dark)')
    : null;
}

function apply(): void {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  if (preference === 'system') delete root.dataset.theme;
  else root.dataset.theme = preference;
}

export function getThemePreference(): ThemePreference {
  return preference;
}

export function setThemePreference(next: ThemePreference): void {
  preference = next;
  const store = storage();
  if (next === 'system') store?.removeItem(THEME_STORAGE_KEY);
  else store?.setItem(THEME_STORAGE_KEY, next);
  apply();
  for (const listener of listeners) listener();
}

/** The theme in effect now. */
export function currentTheme(): ResolvedTheme {
  return resolveTheme(preference, darkQuery()?.matches ?? false);
}

/** Called when the preference or (while following it) the system theme changes. */
export function subscribeTheme(listener: () => void): () => void {
  listeners.add(listener);
  const query = darkQuery();
  query?.addEventListener('change', listener);
  return () => {
    listeners.delete(listener);
    query?.removeEventListener('change', listener);
  };
}
