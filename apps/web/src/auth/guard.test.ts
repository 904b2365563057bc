import { describe, expect, it } from 'vitest';
import { matchRoute } from '../router';
import { type GuardState, redirectFor } from './guard';

const signedOut: GuardState = { user: null, passwordSignup: true, needsFirstAccount: false };
const signedIn: GuardState = { ...signedOut, user: { id: 'u1' } };
const go = (state: GuardState, url: string) => {
  const { pathname, search } = new URL(url, 'http://x');
  return redirectFor(matchRoute(pathname), state, `${pathname}${search}`, search);
};

describe('redirectFor', () => {
  it('sends a signed-out visitor to sign in, and back afterwards', () => {
    expect(go(signedOut, '/')).toBe('/signin');
    expect(go(signedOut, '/d/abc')).toBe('/signin?next=%2Fd%2Fabc');
    expect(go(signedOut, '/invite/s3cret')).toBe('/signin?next=%2Finvite%2Fs3cret');
    expect(go(signedOut, '/signin?next=/d/abc')).toBeNull();
    expect(go(signedOut, '/signup')).toBeNull();
  });

  it('lets a signed-in user through, and away from the sign-in pages', () => {
    expect(go(signedIn, '/d/abc')).toBeNull();
    expect(go(signedIn, '/signin?next=%2Fd%2Fabc')).toBe('/d/abc');
    expect(go(signedIn, '/signup?next=//evil.example')).toBe('/');
  });

  it('leads every route of a new install to creating the first account', () => {
    const fresh = { ...signedOut, needsFirstAccount: true };
    expect(go(fresh, '/')).toBe('/signup');
    expect(go(fresh, '/signin?next=/d/x')).toBe('/signup?next=%2Fd%2Fx');
    expect(go(fresh, '/d/x')).toBe('/signup?next=%2Fd%2Fx');
    expect(go(fresh, '/signup')).toBeNull();
  });

  it('has no sign-up page when password sign-up is off', () => {
    const oidcOnly = { ...signedOut, passwordSignup: false };
    expect(go(oidcOnly, '/signup?next=/d/x')).toBe('/signin?next=%2Fd%2Fx');
    expect(go({ ...oidcOnly, needsFirstAccount: true }, '/')).toBe('/signin');
  });

  it('shows what it can while the server is unreachable', () => {
    expect(go({ ...signedOut, user: 'unknown' }, '/d/abc')).toBeNull();
  });
});
