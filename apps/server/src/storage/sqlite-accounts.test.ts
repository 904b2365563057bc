import { registerAccountsContractTests } from './accounts.contract.js';
import { SqliteAccountStore } from './sqlite-accounts.js';
import { tempSqliteStore } from './sqlite-temp.js';

registerAccountsContractTests('sqlite', () =>
  tempSqliteStore('accounts', (db) => new SqliteAccountStore(db)),
);
