import type { JSONContent } from '@tiptap/core';
import { markdownToDoc } from '../markdown/index.js';
import { embeddedTemplates } from './embedded.generated.js';

export type TemplateName = keyof typeof embeddedTemplates;

/** Names of the templates a document can be created from. */
export const templateNames = Object.keys(embeddedTemplates).sort() as readonly TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(embeddedTemplates, name);
}

/** The Markdown text of a template, exactly as shipped. */
export function templateMarkdown(name: string): string {
  if (!isTemplateName(name)) {
    throw new Error(`Unknown template "${name}"; known templates: ${templateNames.join(', ')}`);
  }
  return embeddedTemplates[name];
}

/** A new document from a template, with fresh node ids. */
export function createFromTemplate(name: string): JSONContent {
  return markdownToDoc(templateMarkdown(name));
}
