/**
 * Comment bodies: plain text with a tiny, safe Markdown-light. `**bold**`, `` `code` ``, and
 * http(s) links (bare, or `[text](https://…)`) only, plus @mentions (the schema's token
 * `@[Name](user:ID)`, shown as an `@Name` chip). The result is React elements built from text:
 * nothing is ever parsed as HTML, and a link is made only for an http(s) URL.
 */
import { MENTION_PATTERN } from '@ratify/schema';
import { createElement, type ReactNode } from 'react';

export type Token =
  | { kind: 'text'; text: string }
  | { kind: 'bold'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; name: string; userId: string };

// A mention first: its `[Name](user:ID)` part would otherwise read as a (refused) link.
const PATTERN = new RegExp(
  [
    MENTION_PATTERN.source,
    /\*\*([^*\n]+?)\*\*/.source,
    /`([^`\n]+)`/.source,
    /\[([^\]\n]+)\]\(([^)\s]+)\)/.source,
    /(https?:\/\/[^\s<>()]+)/.source,
  ].join('|'),
  'g',
);

/** The URL when it is an absolute http(s) URL, else null. */
export function safeHref(raw: string): string | null {
  if (!/^https?:\/\//i.test(raw)) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  const text = (value: string) => {
    if (!value) return;
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'text') last.text += value;
    else tokens.push({ kind: 'text', text: value });
  };
  let at = 0;
  for (const match of body.matchAll(PATTERN)) {
    const index = match.index ?? 0;
    text(body.slice(at, index));
    at = index + match[0].length;
    const [whole, mentioned, userId, bold, code, label, target, bare] = match;
    if (mentioned !== undefined && userId !== undefined) {
      tokens.push({ kind: 'mention', name: mentioned, userId });
    } else if (bold !== undefined) tokens.push({ kind: 'bold', text: bold });
    else if (code !== undefined) tokens.push({ kind: 'code', text: code });
    else if (label !== undefined && target !== undefined) {
      const href = safeHref(target);
      if (href) tokens.push({ kind: 'link', text: label, href });
      else text(whole);
    } else if (bare !== undefined) {
      // Sentence punctuation after a URL is not part of it.
      const url = bare.replace(/[.,;:!?'"]+$/, '');
      const href = safeHref(url);
      if (href) tokens.push({ kind: 'link', text: url, href });
      else text(url);
      text(bare.slice(url.length));
    }
  }
  text(body.slice(at));
  return tokens;
}

/**
 * The body as React nodes (text, <strong>, <code>, <a rel="noopener noreferrer">, and a
 * <span class="mention"> per mention). `nameOf` gives a member's name now: a mention shows it
 * rather than the name written in the token, so a hand-made token cannot pass for someone else.
 */
export function renderBody(
  body: string,
  nameOf?: (userId: string) => string | undefined,
): ReactNode[] {
  return tokenize(body).map((token, i) => {
    switch (token.kind) {
      case 'mention':
        return createElement(
          'span',
          { key: i, className: 'mention', 'data-user-id': token.userId },
          `@${nameOf?.(token.userId) ?? token.name}`,
        );
      case 'bold':
        return createElement('strong', { key: i }, token.text);
      case 'code':
        return createElement('code', { key: i }, token.text);
      case 'link':
        return createElement(
          'a',
          { key: i, href: token.href, target: '_blank', rel: 'noopener noreferrer nofollow' },
          token.text,
        );
      default:
        return token.text;
    }
  });
}
