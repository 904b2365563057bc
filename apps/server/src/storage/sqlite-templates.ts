import type Database from 'better-sqlite3';
import { withStatementCache } from './statement-cache.js';
import {
  type StoredTemplate,
  type TemplateRow,
  type TemplateStore,
  toTemplate,
} from './templates.js';

const TEMPLATES_SCHEMA = `
CREATE TABLE IF NOT EXISTS templates (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  markdown TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
`;

/** TemplateStore on the same SQLite database as the documents. */
export class SqliteTemplateStore implements TemplateStore {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = withStatementCache(db);
    db.exec(TEMPLATES_SCHEMA);
  }

  async addTemplate(t: StoredTemplate): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO templates (id, name, markdown, created_by, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(t.id, t.name, t.markdown, t.createdBy, t.createdAt);
  }

  async listTemplates(): Promise<StoredTemplate[]> {
    return this.db
      .prepare<[], TemplateRow>('SELECT * FROM templates ORDER BY created_at DESC, id')
      .all()
      .map(toTemplate);
  }

  async getTemplate(id: string): Promise<StoredTemplate | null> {
    const row = this.db
      .prepare<[string], TemplateRow>('SELECT * FROM templates WHERE id = ?')
      .get(id);
    return row === undefined ? null : toTemplate(row);
  }

  async deleteTemplate(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM templates WHERE id = ?').run(id).changes > 0;
  }
}
