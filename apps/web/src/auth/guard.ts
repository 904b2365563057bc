import type { Route } from '../router';
import { authPagePath, nextFromSearch } from './next-path';

export interface GuardState {
  /** null: nobody signed in; 'unknown': the server was not reachable to ask. */
  user: object | null | 'unknown';
  passwordSignup: boolean;
  needsFirstAccount: boolean;
}

/**
 * Where a route must send the visitor instead of showing itself, or null to show it. The
 * server refuses everything anyway; this only spares the visitor pages that cannot work.
 * `here` is the current path and query, to come back to after signing in.
 */
export function redirectFor(route: Route, state: GuardState, here: string, search: string) {
  const authPage = route.name === 'signin' || route.name === 'signup';
  // Offline: nobody to ask, so show what this device has (the editor works from its copy).
  if (state.user === 'unknown') return null;
  if (state.user !== null) return authPage ? nextFromSearch(search) : null;
  // A new install has no account to sign in with: the first sign-up makes the administrator.
  if (state.needsFirstAccount && state.passwordSignup) {
    return route.name === 'signup'
      ? null
      : authPagePath('/signup', authPage ? nextFromSearch(search) : here);
  }
  if (route.name === 'signup' && !state.passwordSignup) {
    return authPagePath('/signin', nextFromSearch(search));
  }
  return authPage ? null : authPagePath('/signin', here);
}
