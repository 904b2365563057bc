/** Link targets a review document may hold; anything else (javascript:, data:, …) is dropped. */
export const ALLOWED_LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;

/** Browsers ignore control characters and spaces inside a scheme ("java\tscript:"), so we do too. */
function withoutControlCharacters(text: string): string {
  let out = '';
  for (const char of text) if (char.charCodeAt(0) > 0x20 && char !== '\u007f') out += char;
  return out;
}

export function isAllowedLinkHref(href: unknown): boolean {
  if (typeof href !== 'string') return false;
  const compact = withoutControlCharacters(href);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  // Relative links and fragments carry no scheme and are safe.
  if (!scheme) return true;
  return (ALLOWED_LINK_PROTOCOLS as readonly string[]).includes(
    (scheme[1] as string).toLowerCase(),
  );
}
