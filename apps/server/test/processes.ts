// Real processes and services a test starts for itself on loopback: built Ratify servers, a
// redis-server of its own, and a TCP path to PostgreSQL that the test can cut and restore.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, onCleanup, tempDir } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const serverMain = path.resolve(here, '../dist/main.js');

/**
 * The shared Redis the tests run against (`RATIFY_TEST_REDIS_URL`), or null to skip them; with
 * `RATIFY_REQUIRE_SERVICES=1` (CI) a missing URL fails instead.
 */
export function testRedisUrl(): string | null {
  const url = process.env.RATIFY_TEST_REDIS_URL ?? null;
  if (url === null && process.env.RATIFY_REQUIRE_SERVICES === '1') {
    throw new Error('RATIFY_TEST_REDIS_URL is not set, and RATIFY_REQUIRE_SERVICES=1');
  }
  return url;
}

/** Poll `url`/healthz until it answers 200 (bounded). */
export async function untilHealthy(url: string, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not become healthy within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** SIGTERM the child at the end of the test unless it is gone already. */
export function stopOnCleanup(child: ChildProcess): void {
  onCleanup(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });
}

export interface RatifyProcess {
  url: string;
  syncUrl: string;
  child: ChildProcess;
  /** kill -9, resolved once the process is gone. */
  kill9(): Promise<void>;
}

/** A built Ratify server (dist/main.js) as its own process, with `env` on top of the test's. */
export async function ratifyProcess(env: Record<string, string>): Promise<RatifyProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [serverMain], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      DATA_DIR: await tempDir(),
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  stopOnCleanup(child);
  const url = `http://127.0.0.1:${port}`;
  await untilHealthy(url, `ratify on ${port}`);
  return {
    url,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    child,
    kill9: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function redisPing(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const probe = spawn('redis-cli', ['-p', String(port), 'ping']);
    let out = '';
    probe.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    probe.on('close', () => resolve(out.includes('PONG')));
    probe.on('error', () => resolve(false));
  });
}

/** A redis-server of this test's own on loopback (never the shared one), with no persistence. */
export async function ownRedis() {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 5000;
    while (!(await redisPing(port))) {
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
    }
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  onCleanup(kill);
  return { url: `redis://127.0.0.1:${port}`, start, kill };
}

/**
 * A loopback TCP path to the shared PostgreSQL that the test can cut: `cut()` resets every
 * connection through it and refuses new ones (the database is unreachable, as when its host
 * goes away); `restore()` listens on the same port again. The shared server is never touched.
 */
export async function cuttablePostgres(pgUrl: string) {
  const target = new URL(pgUrl);
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((inbound) => {
        const outbound = net.connect(Number(target.port || 5432), target.hostname);
        for (const socket of [inbound, outbound]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            inbound.destroy();
            outbound.destroy();
          });
        }
        inbound.pipe(outbound);
        outbound.pipe(inbound);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
      server = s;
    });
  const cut = async () => {
    const s = server;
    server = null;
    for (const socket of sockets) socket.resetAndDestroy();
    sockets.clear();
    if (s !== null) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  onCleanup(cut);
  const url = new URL(pgUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return { url: url.toString(), cut, restore: listen, connections: () => sockets.size };
}
