import { type MouseEvent, useSyncExternalStore } from 'react';

/**
 * A tiny history-API router: `/` is the list, `/d/:id` a document, `/invite/:secret` a share
 * link, `/signin` and `/signup` the account pages.
 */
const NAVIGATE_EVENT = 'ratify:navigate';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export type Route =
  | { name: 'list' }
  | { name: 'doc'; id: string }
  | { name: 'invite'; secret: string }
  | { name: 'signin' }
  | { name: 'signup' }
  | { name: 'not-found' };

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'list' };
  if (pathname === '/signin' || pathname === '/signin/') return { name: 'signin' };
  if (pathname === '/signup' || pathname === '/signup/') return { name: 'signup' };
  const doc = /^\/d\/([A-Za-z0-9_-]{1,64})\/?$/.exec(pathname);
  if (doc?.[1]) return { name: 'doc', id: doc[1] };
  const invite = /^\/invite\/([A-Za-z0-9_.~-]{1,256})\/?$/.exec(pathname);
  if (invite?.[1]) return { name: 'invite', secret: invite[1] };
  return { name: 'not-found' };
}

export const docPath = (id: string) => `/d/${encodeURIComponent(id)}`;

/** Client-side navigation for plain left clicks; everything else stays a normal link. */
export function onLinkClick(event: MouseEvent<HTMLAnchorElement>): void {
  if (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  ) {
    return;
  }
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}

/** Call `listener` after each navigation: links, back and forward, and hash changes. */
export function onLocationChange(listener: () => void): () => void {
  const off = subscribe(listener);
  window.addEventListener('hashchange', listener);
  return () => {
    off();
    window.removeEventListener('hashchange', listener);
  };
}

/** What a document address's hash asks to open: a comment thread, a section, or the sign-off panel. */
export type HashTarget =
  | { kind: 'thread'; threadId: string }
  | { kind: 'section'; sectionId: string }
  | { kind: 'signoff' };

export function hashTarget(hash: string): HashTarget | null {
  if (hash === '#signoff') return { kind: 'signoff' };
  const thread = /^#thread-([A-Za-z0-9_-]{1,64})$/.exec(hash);
  if (thread?.[1]) return { kind: 'thread', threadId: thread[1] };
  // A section (a search hit's link); ids are encoded, so decode and accept what decodes.
  const section = /^#section-([^#]{1,200})$/.exec(hash);
  if (!section?.[1]) return null;
  try {
    return { kind: 'section', sectionId: decodeURIComponent(section[1]) };
  } catch {
    return null;
  }
}
