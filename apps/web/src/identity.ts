/**
 * Helpers for showing people: initials for avatars, and a readable colour for a name when a
 * peer sent none (accounts carry their own colour, chosen by the server).
 */

export const MAX_NAME_LENGTH = 40;

/** Trim, collapse inner whitespace and cap the length; '' when nothing usable is left. */
export function normalizeName(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
}

/** FNV-1a: a small, stable string hash (the same name gives the same colour everywhere). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function hslToHex(h: number, s: number, l: number): string {
  const sat = s / 100;
  const light = l / 100;
  const k = (n: number) => (n + h / 30) % 12;
  const a = sat * Math.min(light, 1 - light);
  const channel = (n: number) => {
    const value = light - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** Relative luminance (WCAG 2) of a #rrggbb colour. */
export function luminance(hex: string): number {
  const value = Number.parseInt(hex.slice(1), 16);
  const channels = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (channels[0] ?? 0) + 0.7152 * (channels[1] ?? 0) + 0.0722 * (channels[2] ?? 0);
}

export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/**
 * A colour for a display name: hue from the name's hash, dark enough that white text on it
 * keeps a 4.5:1 contrast (avatars and caret labels put the name on the colour).
 */
export function colorForName(name: string): string {
  const hash = hashString(normalizeName(name).toLowerCase());
  const hue = hash % 360;
  const saturation = 55 + ((hash >>> 9) % 25);
  for (let lightness = 42; lightness >= 10; lightness -= 2) {
    const hex = hslToHex(hue, saturation, lightness);
    if (contrastWithWhite(hex) >= 4.6) return hex;
  }
  return hslToHex(hue, saturation, 10);
}

/** Up to two initials for an avatar. */
export function initialsOf(name: string): string {
  const words = normalizeName(name).split(' ').filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0]?.[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}
