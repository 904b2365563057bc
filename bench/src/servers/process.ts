/** One server process under test: spawn it, wait until it serves, stop it (bounded, always). */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { type ProcStats, procStats } from '../proc.js';

const STARTUP_TIMEOUT_MS = 20_000;
/** A server that has not exited this long after SIGTERM is killed. */
const STOP_TIMEOUT_MS = 15_000;

export interface LaunchSpec {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Resolves once the server serves; gives up (rejects) by `deadline` (performance.now()). */
  ready: (child: ChildProcess, port: number, deadline: number) => Promise<void>;
}

/** Extra Node flags for a server process, from a space-separated environment variable. */
export const nodeArgs = (variable: string): string[] =>
  process.env[variable]?.split(' ').filter(Boolean) ?? [];

export function waitForStdoutReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('READY')) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code} before it was ready`)),
    );
  });
}

export async function waitForHealth(
  child: ChildProcess,
  port: number,
  deadline: number,
): Promise<void> {
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  while (performance.now() < deadline) {
    if (exited !== null) throw new Error(`server exited with ${exited} before it was ready`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
        signal: AbortSignal.timeout(2_000),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no healthy answer in time');
}

function exitOf(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Every server process still running, killed if the bench itself exits or is interrupted. */
const live = new Set<ChildProcess>();
/** Work to do if the bench is interrupted (dropping PostgreSQL schemas), bounded in time. */
const onInterrupt = new Set<() => Promise<void>>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of live) child.kill('SIGKILL');
      const cleanups = Promise.allSettled([...onInterrupt].map((cleanup) => cleanup()));
      const cap = new Promise((resolve) => setTimeout(resolve, 5_000));
      void Promise.race([cleanups, cap]).then(() => process.exit(130));
    });
  }
}

/** Runs `cleanup` if the bench is interrupted before the returned function is called. */
export function cleanupOnInterrupt(cleanup: () => Promise<void>): () => void {
  hookExit();
  onInterrupt.add(cleanup);
  return () => onInterrupt.delete(cleanup);
}

export class ServerProcess {
  private child: ChildProcess | null = null;

  constructor(
    readonly label: string,
    readonly port: number,
    private readonly spec: LaunchSpec,
    private readonly logFile: string,
  ) {}

  pid(): number {
    return this.child?.pid ?? -1;
  }

  stats(): ProcStats {
    return procStats(this.pid());
  }

  /** Spawns the server and waits until it serves; a server that does not is killed. */
  async launch(): Promise<void> {
    hookExit();
    // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles every server.
    const child = spawn(
      process.execPath,
      [...nodeArgs('BENCH_SERVER_NODE_ARGS'), ...this.spec.args],
      {
        cwd: this.spec.cwd,
        env: { ...process.env, ...this.spec.env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    this.child = child;
    live.add(child);
    child.once('exit', () => live.delete(child));
    // Keep the pipe drained (a server must never block on a full stdout) and keep what it said:
    // in its data dir, or under BENCH_SERVER_LOG_DIR (e.g. with --trace-gc in the node args).
    child.stdout?.pipe(createWriteStream(this.logFile, { flags: 'a' }));
    const deadline = performance.now() + STARTUP_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.spec.ready(child, this.port, deadline),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`${this.label} start timed out`)),
            STARTUP_TIMEOUT_MS + 1_000,
          );
        }),
      ]);
    } catch (error) {
      await this.kill('SIGKILL');
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends `signal` and waits for the exit; SIGKILL after STOP_TIMEOUT_MS. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (child === null) return;
    const exited = exitOf(child);
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS);
    });
    if ((await Promise.race([exited, late])) === 'late') {
      child.kill('SIGKILL');
      await exited;
    }
    clearTimeout(timer);
  }
}
