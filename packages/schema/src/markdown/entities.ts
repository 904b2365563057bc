import { NAMED_ENTITIES } from './entities.generated.js';

/**
 * CommonMark entity and numeric character references: `&copy;`, `&#169;`, `&#xA9;`.
 * Only HTML5 names count; `&foo;` stays literal text.
 */
const REFERENCE = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{0,31}));/g;

function fromCodePoint(code: number): string {
  // CommonMark replaces NUL, surrogates and out-of-range code points with U+FFFD.
  const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
  return String.fromCodePoint(valid ? code : 0xfffd);
}

function decodeReference(reference: string, hex?: string, dec?: string, name?: string) {
  if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
  if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
  if (name !== undefined && Object.hasOwn(NAMED_ENTITIES, name)) {
    return NAMED_ENTITIES[name] as string;
  }
  return reference;
}

/** Replaces every entity and numeric character reference by the characters it stands for. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (reference, hex, dec, name) =>
    decodeReference(reference, hex, dec, name),
  );
}

const REFERENCE_AT = new RegExp(REFERENCE.source, 'y');

/** The reference that starts at `index` (an `&`) and what it decodes to, or null. */
export function referenceAt(text: string, index: number): { raw: string; value: string } | null {
  REFERENCE_AT.lastIndex = index;
  const match = REFERENCE_AT.exec(text);
  if (!match) return null;
  const [raw, hex, dec, name] = match;
  if (name !== undefined && !Object.hasOwn(NAMED_ENTITIES, name)) return null;
  return { raw, value: decodeReference(raw, hex, dec, name) };
}

/** Whether `text` holds a reference that would be decoded starting at `index` (an `&`). */
export function isReferenceAt(text: string, index: number): boolean {
  return referenceAt(text, index) !== null;
}

/** The characters a backslash escapes in CommonMark. */
export const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Backslash escapes and references resolved in one pass, as in a link destination or title. */
export function unescapeText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const next = text[i + 1] ?? '';
    if (char === '\\' && ASCII_PUNCTUATION.test(next)) {
      out += next;
      i++;
      continue;
    }
    const reference = char === '&' ? referenceAt(text, i) : null;
    if (reference) {
      out += reference.value;
      i += reference.raw.length - 1;
      continue;
    }
    out += char;
  }
  return out;
}

/** `&` written as `&amp;` where it would start a reference, for text that cannot hold escapes. */
export function escapeReferences(text: string): string {
  if (!text.includes('&')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    out += text[i] === '&' && isReferenceAt(text, i) ? '&amp;' : text[i];
  }
  return out;
}
