import { tempSqliteStore } from './sqlite-temp.js';
import { SqliteVersionStore } from './sqlite-versions.js';
import { registerVersionContractTests } from './versions.contract.js';

registerVersionContractTests('sqlite', () =>
  tempSqliteStore('versions', (db) => new SqliteVersionStore(db)),
);
