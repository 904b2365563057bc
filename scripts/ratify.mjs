#!/usr/bin/env node
// One entry point for a fresh machine with only Node and npm:
//   node scripts/ratify.mjs start   install, build, run the app (server + web on one port)
//   node scripts/ratify.mjs test    install, lint, typecheck, build, run every test
//   node scripts/ratify.mjs serve   run the already built app (what `start` ends with)
// It installs the pinned pnpm into .tools/ (no global install needed), points
// node-gyp at the local Node headers (the machine may be offline for them), and
// on Debian, as root, installs Chromium and nginx for the tests when they are missing.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const command = process.argv[2];
if (command !== 'start' && command !== 'test' && command !== 'serve') {
  console.error('usage: node scripts/ratify.mjs <start|test|serve>');
  process.exit(2);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Ratify needs Node 20.19 or newer; this is ${process.version}.`);
  process.exit(1);
}

const pnpmVersion = JSON.parse(
  readFileSync(join(root, 'package.json'), 'utf8'),
).packageManager.split('@')[1];
const toolsDir = join(root, '.tools');
const toolsBin = join(toolsDir, 'node_modules', '.bin');
const env = { ...process.env, PATH: `${toolsBin}:${process.env.PATH}` };

// better-sqlite3 builds from source; node-gyp must use this Node's headers, not download them.
const nodePrefix = dirname(dirname(process.execPath));
if (!env.npm_config_nodedir && existsSync(join(nodePrefix, 'include', 'node', 'node.h'))) {
  env.npm_config_nodedir = nodePrefix;
}

function run(cmd, args, options = {}) {
  console.log(`\n$ ${[cmd, ...args].join(' ')}`);
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function installedPnpmVersion() {
  try {
    return execFileSync('pnpm', ['--version'], { env, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

if (command === 'serve') {
  serve();
} else {
  setUp();
}

function setUp() {
  if (installedPnpmVersion() !== pnpmVersion) {
    run('npm', [
      'install',
      '--prefix',
      toolsDir,
      '--no-save',
      '--no-audit',
      '--no-fund',
      `pnpm@${pnpmVersion}`,
    ]);
  }
  run('pnpm', ['install', '--frozen-lockfile']);

  if (command === 'start') {
    run('pnpm', ['build']);
    serve();
  } else {
    ensureTestPackages();
    // Lint and types are part of "the tests": main stays clean, not only green.
    run('pnpm', ['lint']);
    run('pnpm', ['typecheck']);
    run('pnpm', ['test']);
  }
}

/**
 * Run the built server with Node directly (not through `pnpm start`, which reports a server
 * stopped by Ctrl+C as a failed command). The server gets its own process group, so a Ctrl+C
 * reaches it once, through here: the terminal signals this process (and npm, which may pass the
 * same signal on again, so a repeat within half a second is the same keypress). The server shuts
 * down cleanly and exits 0, and so does this script; a second Ctrl+C later still forces it. If
 * this process dies without a signal to pass on, the server sees its IPC channel close and stops.
 */
function serve() {
  const main = join(root, 'apps', 'server', 'dist', 'main.js');
  if (!existsSync(main)) {
    console.error('The server is not built yet: run `npm run app` (or `pnpm build`) first.');
    process.exit(1);
  }
  env.DATA_DIR ??= join(root, 'data');
  console.log(`\n$ node ${main}`);
  const server = spawn(process.execPath, [main], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  let lastSignalAt = Number.NEGATIVE_INFINITY;
  const forward = (signal) => {
    const now = Date.now();
    if (now - lastSignalAt < 500) return;
    lastSignalAt = now;
    server.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  server.on('error', (error) => {
    console.error(`Could not start the server: ${error.message}`);
    process.exit(1);
  });
  server.on('exit', (code, signal) => {
    if (signal) console.error(`The server was stopped by ${signal}.`);
    process.exit(code ?? 1);
  });
}

/**
 * What the tests need from Debian beyond Node: Chromium (browser tests), nginx (the load
 * balancer test runs the shipped configuration) and prometheus (its promtool checks
 * docs/alerts.yaml). Installed with apt-get when missing, as root.
 */
function ensureTestPackages() {
  const chromium = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const missing = [];
  if (!existsSync(chromium)) missing.push('chromium');
  if (!existsSync('/usr/sbin/nginx')) missing.push('nginx');
  if (!existsSync('/usr/bin/promtool')) missing.push('prometheus');
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return;
  }
  console.warn(
    `\nMissing ${missing.join(' and ')}, which cannot be installed here (needs root and apt-get).` +
      '\nBrowser and load-balancer tests will be skipped (set CHROMIUM_PATH for a Chromium binary).',
  );
}
