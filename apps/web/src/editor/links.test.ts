import { describe, expect, it } from 'vitest';
import { normalizeLinkInput } from './links';

describe('normalizeLinkInput', () => {
  it('accepts http, https and mailto', () => {
    expect(normalizeLinkInput('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(normalizeLinkInput(' http://x.org ')).toBe('http://x.org');
    expect(normalizeLinkInput('mailto:ada@example.com')).toBe('mailto:ada@example.com');
    expect(normalizeLinkInput('example.com/docs')).toBe('https://example.com/docs');
  });

  it('refuses everything else', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'file:///etc/passwd',
      '/relative',
      '',
      'not a link',
      'https://',
    ]) {
      expect(normalizeLinkInput(bad), bad).toBeNull();
    }
  });
});
