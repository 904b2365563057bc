import { expect, test } from 'vitest';
import { MAX_MARKDOWN_BYTES } from './index.js';
import { markdownTitle } from './title.js';

test('[MD15] markdownTitle is the plain text of the first level-1 heading', () => {
  expect(markdownTitle('# Payments *platform* review\n\nText\n')).toBe('Payments platform review');
  expect(markdownTitle('Intro\n\n## Sub\n\n# Real title\n\n# Second\n')).toBe('Real title');
  expect(markdownTitle('Setext title\n===\n')).toBe('Setext title');
  expect(markdownTitle('# [Gateway](https://x.io) &amp; `api` p95 < 200 ms\n')).toBe(
    'Gateway & api p95 < 200 ms',
  );
  expect(markdownTitle('#\n\n#   Spaced   out  #\n')).toBe('Spaced out');
});

test('[MD15] markdownTitle is null without a top-level level-1 heading', () => {
  expect(markdownTitle('## Only a subsection\n')).toBeNull();
  expect(markdownTitle('```\n# not a heading\n```\n')).toBeNull();
  expect(markdownTitle('> # quoted\n')).toBeNull();
  expect(markdownTitle('\\# escaped\n')).toBeNull();
  expect(markdownTitle('')).toBeNull();
  expect(markdownTitle('x'.repeat(MAX_MARKDOWN_BYTES + 1))).toBeNull();
  expect(markdownTitle(42 as unknown as string)).toBeNull();
});
