/** Accounts (apps/server/src/http/auth.ts): who is signed in, sign-in, sign-up, sign-out. */
import { ApiError, apiRequest as request } from './api';

export interface Account {
  id: string;
  email: string;
  name: string;
  color: string;
  isAdmin: boolean;
}

export interface AuthConfig {
  passwordSignup: boolean;
  oidc: boolean;
  /** No account exists yet: the first sign-up creates the instance administrator. */
  needsFirstAccount: boolean;
}

export function getAuthConfig(): Promise<AuthConfig> {
  return request<AuthConfig>('/api/auth/config');
}

/** The signed-in account, or null when nobody is (401). Other failures throw. */
export async function getMe(): Promise<Account | null> {
  try {
    return (await request<{ user: Account }>('/api/auth/me')).user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signUp(body: {
  email: string;
  password: string;
  name: string;
}): Promise<Account> {
  const result = await request<{ user: Account }>('/api/auth/signup', {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return result.user;
}

export async function signIn(body: { email: string; password: string }): Promise<Account> {
  const result = await request<{ user: Account }>('/api/auth/login', {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return result.user;
}

export function signOut(): Promise<void> {
  return request<void>('/api/auth/logout', { method: 'POST' });
}

export function changePassword(body: {
  currentPassword: string;
  newPassword: string;
}): Promise<void> {
  return request<void>('/api/auth/password', { method: 'POST', body: JSON.stringify(body) });
}

/** Where the identity provider's sign-in starts (a full page navigation, not a fetch). */
export const oidcStartUrl = (returnTo: string) =>
  `/api/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`;
