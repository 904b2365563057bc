/**
 * @mentions in a comment box. The box shows `@Name`; the members picked from the autocomplete
 * are kept beside the text, and only when the comment is sent does each `@Name` of a picked
 * member become the schema's token `@[Name](user:ID)`. Anything else typed is sent as typed.
 */
import { MENTION_PATTERN, mentionToken } from '@ratify/schema';

export interface PickedMention {
  name: string;
  userId: string;
}

export interface MentionQuery {
  /** Index of the `@`. */
  start: number;
  /** Index just after the query (the caret). */
  end: number;
  query: string;
}

/** Longest query the autocomplete follows (names may have spaces). */
const MAX_QUERY = 40;

/** The name as the token will carry it (the schema's `mentionToken` makes the same change). */
export function mentionName(name: string): string {
  return name.replace(/[\]\n]/g, ' ').trim();
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** The `@query` the caret is at the end of, or null (not after an `@` that starts a word). */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(Math.max(0, caret - MAX_QUERY - 1), caret);
  const at = before.lastIndexOf('@');
  if (at === -1) return null;
  const query = before.slice(at + 1);
  if (/[\n@]/.test(query) || query.startsWith(' ')) return null;
  const start = caret - before.length + at;
  const previous = start > 0 ? text.charAt(start - 1) : '';
  if (previous && WORD_CHAR.test(previous)) return null;
  return { start, end: caret, query };
}

/** Members whose name (or a word of it) starts with the query, case-insensitively. */
export function matchingMembers<T extends { userId: string; name: string }>(
  members: readonly T[],
  query: string,
  options: { exclude?: string | null; limit?: number } = {},
): T[] {
  const q = query.toLocaleLowerCase();
  const matches = members.filter((member) => {
    if (member.userId === options.exclude) return false;
    const name = mentionName(member.name).toLocaleLowerCase();
    return name.startsWith(q) || name.split(/\s+/).some((word) => word.startsWith(q));
  });
  return matches.slice(0, options.limit ?? 6);
}

/** The text with the query replaced by `@Name ` and where the caret goes after it. */
export function insertMention(
  text: string,
  query: MentionQuery,
  member: { name: string },
): { text: string; caret: number } {
  const inserted = `@${mentionName(member.name)} `;
  const after = text.slice(query.end);
  // Don't double the space when one follows already.
  const insert = after.startsWith(' ') ? inserted.slice(0, -1) : inserted;
  return {
    text: text.slice(0, query.start) + insert + after,
    caret: query.start + insert.length + (insert === inserted ? 0 : 1),
  };
}

/** Escaped for a `u` regular expression (which allows escaping only its syntax characters). */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The body to send: each `@Name` of a picked member (a whole name, not a prefix) as a token. */
export function encodeMentions(text: string, picked: readonly PickedMention[]): string {
  const byName = new Map<string, string>();
  for (const mention of picked) {
    const name = mentionName(mention.name);
    if (name && !byName.has(name)) byName.set(name, mention.userId);
  }
  if (byName.size === 0) return text;
  // Longest first, so "@Sam Smith" is not taken as "@Sam".
  const names = [...byName.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])@(${names.join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
  return text.replace(pattern, (whole, name: string) => {
    const userId = byName.get(name);
    return userId ? mentionToken(name, userId) : whole;
  });
}

/** A stored body as the box shows it: tokens as `@Name`, with the members they stand for. */
export function decodeMentions(body: string): { text: string; mentions: PickedMention[] } {
  const mentions: PickedMention[] = [];
  const text = body.replace(new RegExp(MENTION_PATTERN.source, 'g'), (_whole, name, userId) => {
    if (!mentions.some((m) => m.userId === userId && m.name === name)) {
      mentions.push({ name, userId });
    }
    return `@${name}`;
  });
  return { text, mentions };
}
