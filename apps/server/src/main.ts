#!/usr/bin/env node
// `ratify-server`: the server alone, configured from the environment (`ratify serve` does the
// same from the CLI).
import { serve } from './cli/serve.js';
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
  await serve(config);
}

main().catch((error: unknown) => {
  process.stderr.write(`ratify-server: failed to start: ${String(error)}\n`);
  process.exit(1);
});
