import { describe, expect, it } from 'vitest';
import { authPagePath, nextFromSearch, safeNextPath } from './next-path';

describe('safeNextPath', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeNextPath('/d/abc')).toBe('/d/abc');
    expect(safeNextPath('/invite/s3cret?x=1#top')).toBe('/invite/s3cret?x=1#top');
    expect(safeNextPath('/')).toBe('/');
  });

  it('refuses anything that could leave the origin', () => {
    for (const bad of [
      '//evil.example',
      '//evil.example/d/x',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'd/abc',
      '/\tevil',
      '\n//evil.example',
      '',
      null,
      undefined,
    ]) {
      expect(safeNextPath(bad)).toBe('/');
    }
  });

  it('never returns to the sign-in pages themselves', () => {
    expect(safeNextPath('/signin?next=/d/x')).toBe('/');
    expect(safeNextPath('/signup')).toBe('/');
  });

  it('builds and reads the sign-in address', () => {
    expect(authPagePath('/signin', '/d/abc')).toBe('/signin?next=%2Fd%2Fabc');
    expect(authPagePath('/signup', '/')).toBe('/signup');
    expect(authPagePath('/signin', '//evil.example')).toBe('/signin');
    expect(nextFromSearch('?next=%2Fd%2Fabc')).toBe('/d/abc');
    expect(nextFromSearch('?next=https%3A%2F%2Fevil.example')).toBe('/');
    expect(nextFromSearch('')).toBe('/');
  });
});
