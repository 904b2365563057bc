import { describe, expect, it } from 'vitest';
import type { TemplateInfo } from './api-templates';
import {
  authorLabel,
  canDeleteTemplate,
  chosenTemplate,
  countsLabel,
  outlineDepths,
} from './template-model';

const preview = {
  sections: [
    { title: 'Framework', level: 1 },
    { title: 'Overview', level: 2 },
    { title: 'Style', level: 3 },
  ],
  checklistItems: 12,
  fields: 1,
  excerpt: '# Framework',
};

const builtIn: TemplateInfo = {
  id: 'technical-architecture-framework',
  name: 'Technical Architecture Framework',
  builtIn: true,
  createdBy: null,
  createdAt: null,
  preview,
};

const saved: TemplateInfo = {
  id: 'abc123',
  name: 'Payments baseline',
  builtIn: false,
  createdBy: { id: 'u-olivia', name: 'Olivia' },
  createdAt: '2026-12-08T10:00:00.000Z',
  preview: { ...preview, sections: [{ title: 'Only', level: 2 }], checklistItems: 1, fields: 0 },
};

describe('templates in the New review card', () => {
  it('says who saved a template and what it holds, in the singular when one', () => {
    expect(authorLabel(builtIn)).toBe('Built in');
    expect(authorLabel(saved)).toBe('Saved by Olivia');
    expect(countsLabel(builtIn.preview)).toBe('3 sections · 12 checklist items · 1 field');
    expect(countsLabel(saved.preview)).toBe('1 section · 1 checklist item · 0 fields');
  });

  it('lets whoever saved a template and the administrator delete it, nobody a built-in one', () => {
    const olivia = { id: 'u-olivia', isAdmin: false };
    const eddie = { id: 'u-eddie', isAdmin: false };
    const admin = { id: 'u-admin', isAdmin: true };
    expect(canDeleteTemplate(saved, olivia)).toBe(true);
    expect(canDeleteTemplate(saved, eddie)).toBe(false);
    expect(canDeleteTemplate(saved, admin)).toBe(true);
    expect(canDeleteTemplate(saved, null)).toBe(false);
    expect(canDeleteTemplate(builtIn, admin)).toBe(false);
  });

  it('creates from the chosen template while it is listed, else from the built-in one', () => {
    const list = [builtIn, saved];
    expect(chosenTemplate(list, 'abc123', builtIn.id)).toBe(saved);
    expect(chosenTemplate(list, null, builtIn.id)).toBe(builtIn);
    // Deleted since it was chosen: back to the default.
    expect(chosenTemplate([builtIn], 'abc123', builtIn.id)).toBe(builtIn);
    expect(chosenTemplate([saved], 'gone', builtIn.id)).toBe(saved);
    expect(chosenTemplate([], null, builtIn.id)).toBeNull();
  });

  it('indents sections by their level below the top one', () => {
    expect(outlineDepths(preview.sections)).toEqual([0, 1, 2]);
    expect(
      outlineDepths([
        { title: 'A', level: 2 },
        { title: 'B', level: 3 },
      ]),
    ).toEqual([0, 1]);
    expect(outlineDepths([])).toEqual([]);
  });
});
