import { describe, it } from 'vitest';
import { tempPgStore, testPostgresUrl } from '../storage/postgres/testing.js';
import { PgSearchIndex } from './pg-search.js';
import { registerSearchContractTests } from './search.contract.js';

const url = testPostgresUrl();
if (url === null) {
  describe.skip('PostgreSQL search (set RATIFY_TEST_POSTGRES_URL)', () => {
    it('skipped', () => {});
  });
} else {
  const pg = url;
  registerSearchContractTests('postgres', () => tempPgStore(pg, (pool) => new PgSearchIndex(pool)));
}
