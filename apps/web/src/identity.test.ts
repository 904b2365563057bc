import { describe, expect, it } from 'vitest';
import { colorForName, contrastWithWhite, initialsOf, normalizeName } from './identity';

describe('identity', () => {
  it('derives the same colour from the same name, ignoring case and spacing', () => {
    expect(colorForName('Ada Lovelace')).toBe(colorForName('  ada   lovelace '));
    expect(colorForName('Ada')).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('gives different names different colours (mostly)', () => {
    const names = ['Ada', 'Grace', 'Linus', 'Barbara', 'Edsger', 'Margaret', 'Ken', 'Dennis'];
    const colours = new Set(names.map(colorForName));
    expect(colours.size).toBeGreaterThanOrEqual(6);
  });

  it('keeps white text readable on every colour (WCAG AA)', () => {
    for (let i = 0; i < 500; i++) {
      expect(contrastWithWhite(colorForName(`user ${i}`))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('normalises names', () => {
    expect(normalizeName('  a \n b  ')).toBe('a b');
    expect(normalizeName('x'.repeat(100))).toHaveLength(40);
  });

  it('makes initials', () => {
    expect(initialsOf('ada lovelace')).toBe('AL');
    expect(initialsOf('Grace')).toBe('G');
    expect(initialsOf('Jean Paul Sartre')).toBe('JS');
    expect(initialsOf('  ')).toBe('?');
  });
});
