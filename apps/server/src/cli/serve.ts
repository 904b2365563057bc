import pino from 'pino';
import { createServer } from '../app.js';
import type { Config } from '../config.js';

/**
 * Run the server until SIGTERM or SIGINT, then shut down cleanly (commit what is pending, close
 * sockets with 1012) and exit 0; a second signal exits at once with 1.
 */
export async function serve(config: Config): Promise<void> {
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
