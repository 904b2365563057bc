import { registerRequestLogContractTests } from './requests.contract.js';
import { SqliteRequestLog } from './sqlite-requests.js';
import { tempSqliteStore } from './sqlite-temp.js';

registerRequestLogContractTests('sqlite', () =>
  tempSqliteStore('requests', (db) => new SqliteRequestLog(db)),
);
