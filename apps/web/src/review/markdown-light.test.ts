import { createElement, Fragment } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { renderBody, safeHref, tokenize } from './markdown-light';

const html = (body: string) =>
  renderToStaticMarkup(createElement(Fragment, null, ...renderBody(body)));

describe('markdown-light', () => {
  it('renders bold, code and http(s) links', () => {
    expect(tokenize('**Which** ledger? see `ledger_v2` at https://example.com/a.')).toEqual([
      { kind: 'bold', text: 'Which' },
      { kind: 'text', text: ' ledger? see ' },
      { kind: 'code', text: 'ledger_v2' },
      { kind: 'text', text: ' at ' },
      { kind: 'link', text: 'https://example.com/a', href: 'https://example.com/a' },
      { kind: 'text', text: '.' },
    ]);
    expect(html('[docs](http://example.org/x)')).toBe(
      '<a href="http://example.org/x" target="_blank" rel="noopener noreferrer nofollow">docs</a>',
    );
  });

  it('keeps HTML as text', () => {
    const out = html('<img src=x onerror="window.__xss=1"> <script>alert(1)</script>');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    expect(out).toContain('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html('**<b>x</b>**')).toBe('<strong>&lt;b&gt;x&lt;/b&gt;</strong>');
  });

  it('makes no link of other schemes', () => {
    expect(html('[click](javascript:alert(1))')).not.toContain('<a');
    expect(html('javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(html('[x](data:text/html,hi)')).toBe('[x](data:text/html,hi)');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('HTTPS://example.com')).toBe('https://example.com/');
  });

  it('leaves unmatched markers alone', () => {
    expect(tokenize('2 ** 3 and a `tick')).toEqual([{ kind: 'text', text: '2 ** 3 and a `tick' }]);
  });
});
