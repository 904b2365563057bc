/**
 * Where to go after signing in: only a path on this site. `next` comes from the address bar, so
 * anything that could leave the origin (`//evil.example`, `/\evil.example`, `https://…`) or
 * loop back into the sign-in pages falls back to the list.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return fallback;
  }
  // Browsers treat tabs and newlines in URLs as absent and a backslash like a slash.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, 'http://ratify.invalid');
  } catch {
    return fallback;
  }
  if (url.origin !== 'http://ratify.invalid') return fallback;
  if (url.pathname === '/signin' || url.pathname === '/signup') return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in (or sign-up) page's address that comes back to `returnTo` afterwards. */
export function authPagePath(page: '/signin' | '/signup', returnTo: string): string {
  const next = safeNextPath(returnTo);
  return next === '/' ? page : `${page}?next=${encodeURIComponent(next)}`;
}

/** The `next` of the current address, made safe. */
export function nextFromSearch(search: string): string {
  return safeNextPath(new URLSearchParams(search).get('next'));
}
