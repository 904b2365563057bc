import { mentionToken } from '@ratify/schema';
import { createElement, Fragment } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { renderBody, safeHref, tokenize } from './markdown-light';

const html = (body: string, nameOf?: (userId: string) => string | undefined) =>
  renderToStaticMarkup(createElement(Fragment, null, ...renderBody(body, nameOf)));

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

  it('renders a mention token as an @Name chip, as text', () => {
    const body = `Ask ${mentionToken('Rita Moreno', 'u1')} **now**`;
    expect(tokenize(body)).toEqual([
      { kind: 'text', text: 'Ask ' },
      { kind: 'mention', name: 'Rita Moreno', userId: 'u1' },
      { kind: 'text', text: ' ' },
      { kind: 'bold', text: 'now' },
    ]);
    expect(html(body)).toBe(
      'Ask <span class="mention" data-user-id="u1">@Rita Moreno</span> <strong>now</strong>',
    );
  });

  it('keeps hostile names in mentions as text', () => {
    const names = [
      '<img src=x onerror="window.__xss=1">',
      '<script>alert(1)</script>',
      '**bold** `code` [x](https://evil.example)',
      '" onmouseover="alert(1)',
    ];
    for (const name of names) {
      const out = html(mentionToken(name, 'u9'));
      expect(out).not.toMatch(/<(img|script|strong|code|a)\b/);
      expect(out.startsWith('<span class="mention" data-user-id="u9">@')).toBe(true);
      expect(out.match(/<span/g)).toHaveLength(1);
    }
    expect(html(mentionToken('<b>x</b>', 'u9'))).toBe(
      '<span class="mention" data-user-id="u9">@&lt;b&gt;x&lt;/b&gt;</span>',
    );
  });

  it("shows the member's name now, not the one written in the token", () => {
    const forged = '@[The Owner](user:u-rita)';
    expect(html(forged, (id) => (id === 'u-rita' ? 'Rita' : undefined))).toBe(
      '<span class="mention" data-user-id="u-rita">@Rita</span>',
    );
    // Not a member (any more): the token's name, still as text.
    expect(html(forged, () => undefined)).toBe(
      '<span class="mention" data-user-id="u-rita">@The Owner</span>',
    );
  });

  it('does not take a token with a bad user id, or a link to user:, for a mention', () => {
    expect(html('@[Rita](user:"><img>)')).not.toContain('mention');
    expect(html('[Rita](user:u1)')).toBe('[Rita](user:u1)');
  });
});
