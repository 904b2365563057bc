/** Showing shortcut keys (`Mod+Shift+Z` notation, see shortcuts.ts) the way this platform does. */

export function isApplePlatform(
  nav: { platform?: string; userAgent?: string } | undefined = globalThis.navigator,
): boolean {
  const platform = nav?.platform ?? '';
  return /Mac|iPhone|iPad|iPod/i.test(platform) || /Mac OS X/.test(nav?.userAgent ?? '');
}

const APPLE: Record<string, string> = { Mod: '⌘', Alt: '⌥', Shift: '⇧', Ctrl: '⌃' };
const OTHER: Record<string, string> = { Mod: 'Ctrl' };

/** "Mod+Shift+Z" → "Ctrl+Shift+Z", or "⌘⇧Z" on a Mac. */
export function formatKeys(keys: string, apple = isApplePlatform()): string {
  const parts = keys.split('+').map((part) => (apple ? APPLE : OTHER)[part] ?? part);
  return apple ? parts.join('') : parts.join('+');
}

/** The value for aria-keyshortcuts: "Mod+B" → "Control+B" (or "Meta+B" on a Mac). */
export function ariaKeyShortcuts(keys: string, apple = isApplePlatform()): string {
  return keys
    .split('+')
    .map((part) => (part === 'Mod' ? (apple ? 'Meta' : 'Control') : part))
    .join('+');
}

/** Whether a key event happened in editable text (where `?` is a character, not a command). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('[contenteditable="true"], [contenteditable=""]')) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(
    type,
  );
}
