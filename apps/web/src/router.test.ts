import { describe, expect, it } from 'vitest';
import { docPath, hashTarget, matchRoute } from './router';

describe('matchRoute', () => {
  it('routes the list and documents', () => {
    expect(matchRoute('/')).toEqual({ name: 'list' });
    expect(matchRoute('/d/abc_DEF-1')).toEqual({ name: 'doc', id: 'abc_DEF-1' });
    expect(matchRoute('/d/abc/')).toEqual({ name: 'doc', id: 'abc' });
    expect(matchRoute('/d/a.b')).toEqual({ name: 'not-found' });
    expect(matchRoute('/elsewhere')).toEqual({ name: 'not-found' });
    expect(docPath('x1')).toBe('/d/x1');
  });
});

describe('matchRoute for accounts', () => {
  it('routes sign-in, sign-up and share links', () => {
    expect(matchRoute('/signin')).toEqual({ name: 'signin' });
    expect(matchRoute('/signup/')).toEqual({ name: 'signup' });
    expect(matchRoute('/invite/Ab_9-x')).toEqual({ name: 'invite', secret: 'Ab_9-x' });
    expect(matchRoute('/invite/')).toEqual({ name: 'not-found' });
    expect(matchRoute('/invite/a/b')).toEqual({ name: 'not-found' });
  });
});

describe('hashTarget', () => {
  it('reads a thread or the sign-off panel from the hash, nothing else', () => {
    expect(hashTarget('#thread-Ab_9-x')).toEqual({ kind: 'thread', threadId: 'Ab_9-x' });
    expect(hashTarget('#signoff')).toEqual({ kind: 'signoff' });
    expect(hashTarget('#section-a%20b')).toEqual({ kind: 'section', sectionId: 'a b' });
    expect(hashTarget('#section-%E0%A4')).toBeNull();
    expect(hashTarget('#section-')).toBeNull();
    expect(hashTarget('#thread-')).toBeNull();
    expect(hashTarget('#thread-a"b')).toBeNull();
    expect(hashTarget('')).toBeNull();
  });
});
