import { tempSqliteStore } from '../storage/sqlite-temp.js';
import { registerSearchContractTests } from './search.contract.js';
import { SqliteSearchIndex } from './sqlite-search.js';

registerSearchContractTests('sqlite', () =>
  tempSqliteStore('search', (db) => new SqliteSearchIndex(db)),
);
