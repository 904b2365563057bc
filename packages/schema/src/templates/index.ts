import type { JSONContent } from '@tiptap/core';
import { markdownToDoc } from '../markdown/index.js';
import { embeddedExamples, embeddedTemplates } from './embedded.generated.js';

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

export type ExampleName = keyof typeof embeddedExamples;

/**
 * Example documents a fresh install offers to open: `ratify-architecture` is Ratify's own
 * architecture written as a filled Technical Architecture Framework (docs/architecture.md).
 */
export const exampleNames = Object.keys(embeddedExamples).sort() as readonly ExampleName[];

export function isExampleName(name: string): name is ExampleName {
  return Object.hasOwn(embeddedExamples, name);
}

/** The Markdown text of an example document, exactly as shipped. */
export function exampleMarkdown(name: string): string {
  if (!isExampleName(name)) {
    throw new Error(`Unknown example "${name}"; known examples: ${exampleNames.join(', ')}`);
  }
  return embeddedExamples[name];
}
