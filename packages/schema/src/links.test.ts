import { expect, test } from 'vitest';
import { isAllowedImageSrc, isAllowedLinkHref } from './links.js';

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

test('[LK3] images: http, https, relative and raster data URLs only', () => {
  for (const src of ['https://a.io/x.png', 'HTTP://a.io/x', '/arch.png', 'img/x.png', '']) {
    expect(isAllowedImageSrc(src)).toBe(true);
  }
  expect(isAllowedImageSrc('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
  expect(isAllowedImageSrc('data:image/webp;base64,UklGR')).toBe(true);
  for (const src of [
    'javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:image/svg+xml;base64,PHN2Zz4=',
    'data:text/html,x',
    'mailto:a@b.c',
    'file:///etc/passwd',
  ]) {
    expect(isAllowedImageSrc(src)).toBe(false);
  }
  expect(isAllowedImageSrc(null)).toBe(false);
});
