import { useId, useSyncExternalStore } from 'react';
import {
  getThemePreference,
  setThemePreference,
  subscribeTheme,
  THEME_PREFERENCES,
  type ThemePreference,
} from './theme';

const LABELS: Record<ThemePreference, string> = {
  system: 'System',
  light: 'Light',
  dark: 'Dark',
};

/** Light, dark, or follow the system; remembered in this browser. */
export function ThemeToggle() {
  const preference = useSyncExternalStore(subscribeTheme, getThemePreference);
  const id = useId();
  return (
    <span className="theme-toggle">
      <label htmlFor={id} className="visually-hidden">
        Colour theme
      </label>
      <select
        id={id}
        className="theme-toggle__select"
        value={preference}
        title="Colour theme"
        onChange={(event) => setThemePreference(event.target.value as ThemePreference)}
      >
        {THEME_PREFERENCES.map((value) => (
          <option key={value} value={value}>
            {value === 'system' ? '◐ ' : value === 'light' ? '☀ ' : '☾ '}
            {LABELS[value]}
          </option>
        ))}
      </select>
    </span>
  );
}
