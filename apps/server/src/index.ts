export { createServer, type RunningServer, type ServerOptions } from './app.js';
export { CLIENT_WRITABLE_ROOTS, roleGuard } from './auth/guard.js';
export type { Principal } from './auth/principal.js';
export { type Config, ConfigError, loadConfig } from './config.js';
export type { FanOut, FanOutHandler, FanOutMessage } from './fanout/fanout.js';
export { LocalBus, LocalFanOut } from './fanout/local.js';
export { SqliteStorage, type SqliteStorageOptions } from './storage/sqlite.js';
export {
  type AppendResult,
  type CompactResult,
  type CreateDocInput,
  type DocMeta,
  DocumentExistsError,
  DocumentNotFoundError,
  type Storage,
  StorageClosedError,
  type StoredDoc,
} from './storage/storage.js';
export { allowAllUpdates, type GuardVerdict, type UpdateGuard } from './sync/room.js';
