import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from './clean-env.ts';

const packageDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const repositoryRoot = resolve(packageDirectory, '..', '..');

/** Builds the package so that its bin can run as a plain Node child process. */
export function buildServer(): void {
  execFileSync(join(repositoryRoot, 'node_modules', '.bin', 'tsc'), ['-b', packageDirectory], {
    stdio: 'pipe',
  });
}

/** A `jss-local-server` child process and its endpoint. */
export interface ChildServer {
  readonly endpoint: string;
  readonly process: ChildProcess;
  /** Kills with SIGKILL and waits for the exit. */
  kill(): Promise<void>;
}

/** More flags for the bin, and the only environment variables it sees besides a clean base. */
export interface ChildServerOptions {
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Starts the bin on a data directory and waits for it to print its endpoint. The child sees none of the
 * developer's `JSS_*` variables, only those of `options.env`.
 */
export async function startChildServer(
  dataDir: string,
  options: ChildServerOptions = {},
): Promise<ChildServer> {
  const bin = join(packageDirectory, 'dist', 'bin', 'jss-local-server.js');
  const child = spawn(process.execPath, [bin, '--port', '0', '--data', dataDir, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: cleanEnv(options.env ?? {}),
  });
  return readyChild(child, 'jss-local-server');
}

/** Waits for a server child to print its endpoint; `kill` ends it with SIGKILL and waits for the exit. */
export async function readyChild(child: ChildProcess, name: string): Promise<ChildServer> {
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const endpoint = await new Promise<string>((resolveLine, rejectLine) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolveLine);
    child.once('exit', (code) => rejectLine(new Error(`${name} exited with ${code} before it was ready`)));
  });
  return {
    endpoint,
    process: child,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
