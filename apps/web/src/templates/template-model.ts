/** How the New review card shows templates: labels, who may delete one, which is chosen. */
import type { Account } from '../api-auth';
import type { TemplateInfo, TemplatePreview } from './api-templates';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "14 sections · 65 checklist items · 22 fields". */
export function countsLabel(preview: TemplatePreview): string {
  return [
    count(preview.sections.length, 'section', 'sections'),
    count(preview.checklistItems, 'checklist item', 'checklist items'),
    count(preview.fields, 'field', 'fields'),
  ].join(' · ');
}

/** "Built in", or who saved it. */
export function authorLabel(template: TemplateInfo): string {
  if (template.builtIn || template.createdBy === null) return 'Built in';
  return `Saved by ${template.createdBy.name}`;
}

/** Whoever saved it and the administrator may delete a saved template; nobody a built-in one. */
export function canDeleteTemplate(
  template: TemplateInfo,
  user: Pick<Account, 'id' | 'isAdmin'> | null,
): boolean {
  if (template.builtIn || user === null) return false;
  return user.isAdmin || template.createdBy?.id === user.id;
}

/**
 * The template to create from: the chosen one while it is still listed, else `fallback` (the
 * built-in framework), else the first. null while there is none.
 */
export function chosenTemplate(
  templates: readonly TemplateInfo[],
  chosenId: string | null,
  fallback: string,
): TemplateInfo | null {
  return (
    templates.find((t) => t.id === chosenId) ??
    templates.find((t) => t.id === fallback) ??
    templates[0] ??
    null
  );
}

/** Each section's depth below the template's top heading level (0 for the shallowest). */
export function outlineDepths(sections: TemplatePreview['sections']): number[] {
  const top = Math.min(...sections.map((s) => s.level));
  return sections.map((s) => s.level - top);
}
