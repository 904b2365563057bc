import { registerCommentContractTests } from './comments.contract.js';
import { SqliteCommentStore } from './sqlite-comments.js';
import { tempSqliteStore } from './sqlite-temp.js';

registerCommentContractTests('sqlite', () =>
  tempSqliteStore('comments', (db) => new SqliteCommentStore(db)),
);
