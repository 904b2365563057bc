/**
 * Templates saved by owners from their documents (the built-in ones ship in @ratify/schema):
 * instance-wide, listed for everyone who creates a review. A backend implements this beside the
 * other stores and passes `registerTemplateContractTests`.
 */
export interface StoredTemplate {
  id: string;
  name: string;
  markdown: string;
  createdBy: string;
  createdAt: number;
}

export interface TemplateStore {
  addTemplate(template: StoredTemplate): Promise<void>;
  /** Newest first. */
  listTemplates(): Promise<StoredTemplate[]>;
  getTemplate(id: string): Promise<StoredTemplate | null>;
  deleteTemplate(id: string): Promise<boolean>;
}

export interface TemplateRow {
  id: string;
  name: string;
  markdown: string;
  created_by: string;
  created_at: number | string;
}

export const toTemplate = (row: TemplateRow): StoredTemplate => ({
  id: row.id,
  name: row.name,
  markdown: row.markdown,
  createdBy: row.created_by,
  createdAt: Number(row.created_at),
});
