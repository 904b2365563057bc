/** Templates (apps/server/src/http/templates.ts): the built-in ones and those saved from reviews. */
import type { ExampleName } from '@ratify/schema';
import { apiRequest as request } from '../api';

export interface TemplatePreview {
  /** Every heading of the template, in order. */
  sections: Array<{ title: string; level: number }>;
  checklistItems: number;
  fields: number;
  /** The first 600 characters of its Markdown. */
  excerpt: string;
}

export interface TemplateInfo {
  /** A built-in template's name, or a saved template's id: what POST /api/docs takes. */
  id: string;
  name: string;
  builtIn: boolean;
  /** Who saved it (null: built in). */
  createdBy: { id: string; name: string } | null;
  /** ISO time (null: built in). */
  createdAt: string | null;
  preview: TemplatePreview;
}

/** The sample review: Ratify's own architecture, filled in (a type-only import: no bundle). */
export const SAMPLE_EXAMPLE: ExampleName = 'ratify-architecture';

/** Built-in first, then the saved ones, as the server lists them. */
export async function listTemplates(): Promise<TemplateInfo[]> {
  return (await request<{ templates: TemplateInfo[] }>('/api/templates')).templates;
}

export function deleteTemplate(id: string): Promise<void> {
  return request<void>(`/api/templates/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** Save the document as a template (owners only). */
export async function saveAsTemplate(
  docId: string,
  body: { name: string; keepState: boolean },
): Promise<TemplateInfo> {
  return (
    await request<{ template: TemplateInfo }>(`/api/docs/${encodeURIComponent(docId)}/template`, {
      method: 'POST',
      body: JSON.stringify(body),
    })
  ).template;
}
