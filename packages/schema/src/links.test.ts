import { expect, test } from 'vitest';
import { isAllowedLinkHref } from './links.js';

test('[LK1] http, https, mailto and relative links are allowed', () => {
  for (const href of [
    'https://a.io',
    'HTTP://a.io',
    'mailto:a@b.c',
    '/docs',
    '#section',
    'page.html',
  ]) {
    expect(isAllowedLinkHref(href)).toBe(true);
  }
});

test('[LK2] script and data schemes are refused, however they are disguised', () => {
  for (const href of [
    'javascript:alert(1)',
    ' JavaScript:x',
    'java\tscript:x',
    'java\nscript:x',
    '\u0001javascript:x',
    'data:text/html,x',
    'vbscript:x',
    'file:///etc/passwd',
  ]) {
    expect(isAllowedLinkHref(href)).toBe(false);
  }
  expect(isAllowedLinkHref(42)).toBe(false);
});
