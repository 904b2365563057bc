// A Hocuspocus server in its own process: `node hocuspocus-entry.mjs PORT [SQLITE_FILE]`.
// Plain JavaScript so every peer runs on bare node, as Ratify's built server does.
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

const port = Number(process.argv[2]);
const sqliteFile = process.argv[3];
const server = new Server({
  port,
  address: '127.0.0.1',
  quiet: true,
  extensions: sqliteFile ? [new SQLite({ database: sqliteFile })] : [],
});
await server.listen();
process.stdout.write('READY\n');
process.on('SIGTERM', () => {
  void server.destroy().then(() => process.exit(0));
});
