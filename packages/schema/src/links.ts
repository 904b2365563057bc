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

/** Image sources a review document may hold: http(s), relative, and inline raster images. */
export const ALLOWED_IMAGE_PROTOCOLS = ['http', 'https'] as const;
// Inline images only in raster formats: an SVG can carry script and links.
const DATA_IMAGE = /^data:image\/(?:png|gif|jpeg|webp)[;,]/i;

export function isAllowedImageSrc(src: unknown): boolean {
  if (typeof src !== 'string') return false;
  const compact = withoutControlCharacters(src);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  if (!scheme) return true;
  if (DATA_IMAGE.test(compact)) return true;
  return (ALLOWED_IMAGE_PROTOCOLS as readonly string[]).includes(
    (scheme[1] as string).toLowerCase(),
  );
}
