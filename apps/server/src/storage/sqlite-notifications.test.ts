import { registerNotificationContractTests } from './notifications.contract.js';
import { SqliteNotificationStore } from './sqlite-notifications.js';
import { tempSqliteStore } from './sqlite-temp.js';

registerNotificationContractTests('sqlite', () =>
  tempSqliteStore('notifications', (db) => new SqliteNotificationStore(db)),
);
