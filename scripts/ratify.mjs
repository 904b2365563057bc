#!/usr/bin/env node
// One entry point for a fresh machine with only Node and npm:
//   node scripts/ratify.mjs start   install, build, run the app (server + web on one port)
//   node scripts/ratify.mjs test    install, lint, typecheck, build, run every test
// It installs the pinned pnpm into .tools/ (no global install needed), points
// node-gyp at the local Node headers (the machine may be offline for them), and
// on Debian, as root, installs Chromium for the browser tests when it is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const command = process.argv[2];
if (command !== 'start' && command !== 'test') {
  console.error('usage: node scripts/ratify.mjs <start|test>');
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
  env.DATA_DIR ??= join(root, 'data');
  run('pnpm', ['start']);
} else {
  ensureChromium();
  // Lint and types are part of "the tests": main stays clean, not only green.
  run('pnpm', ['lint']);
  run('pnpm', ['typecheck']);
  run('pnpm', ['test']);
}

function ensureChromium() {
  const chromium = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(chromium)) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return;
  }
  console.warn(
    `\nChromium was not found at ${chromium} and cannot be installed here (needs root and apt-get).` +
      '\nBrowser tests will be skipped; set CHROMIUM_PATH to a Chromium binary to run them.',
  );
}
