import type pg from 'pg';
import { inTransaction, pgText } from '../storage/postgres/pool.js';
import {
  HIT_END,
  HIT_START,
  type HitRow,
  queryWords,
  type SearchDocument,
  type SearchHit,
  type SearchIndex,
  toHit,
} from './search.js';

const HEADLINE = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=24, MinWords=8, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * SearchIndex on PostgreSQL full-text search: a generated tsvector per entry (heading weighted
 * above body) with a GIN index, the `simple` configuration (no stemming, like FTS5's tokenizer).
 */
export class PgSearchIndex implements SearchIndex {
  constructor(private readonly pool: pg.Pool) {}

  async indexDocument(doc: SearchDocument, at: number): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO search_docs (doc_id, title, indexed_at) VALUES ($1, $2, $3)
         ON CONFLICT (doc_id) DO UPDATE SET title = excluded.title, indexed_at = excluded.indexed_at`,
        [doc.docId, pgText(doc.title), at],
      );
      await client.query('DELETE FROM search_entries WHERE doc_id = $1', [doc.docId]);
      if (doc.entries.length === 0) return;
      const column = <K extends keyof (typeof doc.entries)[number]>(key: K) =>
        doc.entries.map((e) => e[key]);
      await client.query(
        `INSERT INTO search_entries (doc_id, n, kind, section_id, thread_id, heading, body)
         SELECT $1, t.n, t.kind, t.section_id, t.thread_id, t.heading, t.body
         FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS t(n, kind, section_id, thread_id, heading, body)`,
        [
          doc.docId,
          doc.entries.map((_, i) => i),
          column('kind'),
          column('sectionId'),
          column('threadId'),
          column('heading').map(pgText),
          column('body').map(pgText),
        ],
      );
    });
  }

  async removeDocument(docId: string): Promise<void> {
    await this.pool.query('DELETE FROM search_docs WHERE doc_id = $1', [docId]);
  }

  async indexedAt(docId: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ indexed_at: string }>(
      'SELECT indexed_at FROM search_docs WHERE doc_id = $1',
      [docId],
    );
    return rows[0] === undefined ? null : Number(rows[0].indexed_at);
  }

  async search(query: string, docIds: readonly string[], limit: number): Promise<SearchHit[]> {
    const words = queryWords(query);
    if (words.length === 0 || docIds.length === 0) return [];
    // Letters and digits only, each a prefix: no tsquery syntax comes from the user.
    const tsquery = words.map((w) => `${w}:*`).join(' & ');
    const { rows } = await this.pool.query<HitRow>(
      `SELECT e.doc_id, d.title AS doc_title, e.kind, e.section_id, e.thread_id, e.heading,
              ts_headline('simple', e.body, q, $4) AS snippet
       FROM search_entries e JOIN search_docs d ON d.doc_id = e.doc_id,
            to_tsquery('simple', $1) q
       WHERE e.tsv @@ q AND e.doc_id = ANY($2::text[])
       ORDER BY ts_rank(e.tsv, q) DESC, e.doc_id, e.n
       LIMIT $3`,
      [tsquery, docIds, limit, HEADLINE],
    );
    return rows.map(toHit);
  }
}
