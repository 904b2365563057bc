import type pg from 'pg';
import {
  type StoredTemplate,
  type TemplateRow,
  type TemplateStore,
  toTemplate,
} from '../templates.js';
import { pgText } from './pool.js';

/** TemplateStore on PostgreSQL. */
export class PgTemplateStore implements TemplateStore {
  constructor(private readonly pool: pg.Pool) {}

  async addTemplate(t: StoredTemplate): Promise<void> {
    await this.pool.query(
      'INSERT INTO templates (id, name, markdown, created_by, created_at) VALUES ($1, $2, $3, $4, $5)',
      [t.id, t.name, pgText(t.markdown), t.createdBy, t.createdAt],
    );
  }

  async listTemplates(): Promise<StoredTemplate[]> {
    const { rows } = await this.pool.query<TemplateRow>(
      'SELECT * FROM templates ORDER BY created_at DESC, id COLLATE "C"',
    );
    return rows.map(toTemplate);
  }

  async getTemplate(id: string): Promise<StoredTemplate | null> {
    const { rows } = await this.pool.query<TemplateRow>('SELECT * FROM templates WHERE id = $1', [
      id,
    ]);
    return rows[0] === undefined ? null : toTemplate(rows[0]);
  }

  async deleteTemplate(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM templates WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }
}
