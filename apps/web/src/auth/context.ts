import { createContext, useContext } from 'react';
import type { Account, AuthConfig } from '../api-auth';

export interface AuthContextValue {
  /** null while offline at start (the server could not be asked). */
  user: Account | null;
  config: AuthConfig;
  /** After sign-in or sign-up. */
  signedIn(user: Account): void;
  /** The server said the session is gone (401, close 4401) or the user signed out. */
  signedOut(): void;
}

export const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside <AuthContext>');
  return value;
}
