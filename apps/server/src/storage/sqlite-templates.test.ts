import { tempSqliteStore } from './sqlite-temp.js';
import { SqliteTemplateStore } from './sqlite-templates.js';
import { registerTemplateContractTests } from './templates.contract.js';

registerTemplateContractTests('sqlite', () =>
  tempSqliteStore('templates', (db) => new SqliteTemplateStore(db)),
);
