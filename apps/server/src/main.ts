#!/usr/bin/env node
import pino from 'pino';
import { createServer } from './app.js';
import { ConfigError, loadConfig } from './config.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ratify-server: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel });
  const server = await createServer(config, { logger: log, defaultMetrics: true });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without a clean shutdown');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Started by scripts/ratify.mjs with an IPC channel: if that process goes away without passing
  // a signal on, stop cleanly rather than run on unattended.
  if (process.send !== undefined) process.on('disconnect', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`ratify-server: failed to start: ${String(error)}\n`);
  process.exit(1);
});
