import { describe, expect, it } from 'vitest';
import { docPath, matchRoute } from './router';

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
