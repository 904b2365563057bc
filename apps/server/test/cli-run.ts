// Running the built `ratify` program (dist/cli/main.js) as a subprocess, the way an operator
// runs it: its exit code and what it printed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const cliMain = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../dist/cli/main.js',
);

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment a CLI run starts from: the test's, without the settings that would point it
 * somewhere else than the test says (a DATABASE_URL or RATIFY_URL of the shell).
 */
export function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    DATABASE_SCHEMA: '',
    SESSION_SECRET: '',
    RATIFY_URL: '',
    RATIFY_TOKEN: '',
    ...env,
  };
}

/** Spawn `command` and collect what it prints until it exits (killed after `timeoutMs`). */
function collect(
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
  what: string,
): Promise<CliRun> {
  return new Promise<CliRun>((resolve, reject) => {
    const child = spawn(command, args, { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Run `ratify …args` to completion (bounded), with `env` on top of the test's environment. */
export function ratify(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<CliRun> {
  return collect(process.execPath, [cliMain, ...args], env, timeoutMs, `ratify ${args.join(' ')}`);
}

/** `ratify` that must succeed: its stdout (fails the test with stderr otherwise). */
export async function ratifyOk(args: string[], env: Record<string, string> = {}): Promise<string> {
  const run = await ratify(args, env);
  if (run.code !== 0) {
    throw new Error(`ratify ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  }
  return run.stdout;
}

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

/**
 * Run `ratify …args` on a pseudo-terminal (util-linux `script`), as a person at a terminal
 * would: what the terminal showed, progress bars included.
 */
export function ratifyOnTerminal(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<CliRun> {
  const command = [process.execPath, cliMain, ...args].map(quote).join(' ');
  return collect(
    'script',
    ['-qefc', command, '/dev/null'],
    env,
    timeoutMs,
    `script ratify ${args.join(' ')}`,
  );
}
