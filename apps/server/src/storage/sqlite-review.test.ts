import { registerReviewContractTests } from './review.contract.js';
import { SqliteReviewStore } from './sqlite-review.js';
import { tempSqliteStore } from './sqlite-temp.js';

registerReviewContractTests('sqlite', () =>
  tempSqliteStore('review', (db) => new SqliteReviewStore(db)),
);
