import { isAllowedLinkHref } from '@ratify/schema';

/**
 * A link typed into the toolbar: only absolute http, https and mailto targets. A bare domain
 * gets https. Returns null for anything else (javascript:, data:, relative paths…).
 */
export function normalizeLinkInput(raw: string): string | null {
  const text = raw.trim();
  if (!text || /\s/.test(text)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text)
    ? text
    : /^[^/]+\.[a-z]{2,}(\/|$)/i.test(text)
      ? `https://${text}`
      : null;
  if (!withScheme || !/^(https?:\/\/[^/]|mailto:[^\s]+)/i.test(withScheme)) return null;
  return isAllowedLinkHref(withScheme) ? withScheme : null;
}
