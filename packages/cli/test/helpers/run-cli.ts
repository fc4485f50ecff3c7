import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package's command, which runs the build: `pnpm test` builds every workspace before vitest runs.
export const JSS: string = fileURLToPath(new URL('../../bin/jss.js', import.meta.url));
const TEST_HOME = join(tmpdir(), 'jsskit-cli-test-home');

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stdoutBytes: Buffer;
  readonly stderr: string;
}

export interface CliChild {
  readonly child: ChildProcess;
  readonly done: Promise<CliRun>;
  /** Resolves once stderr has contained the text. */
  stderrContains(text: string): Promise<void>;
  /** What the child printed on stdout so far. */
  stdoutSoFar(): string;
}

/**
 * Starts `jss <args>` as a child process. Its stdin gets `input` and ends, unless `keepStdinOpen`: then it
 * stays open and silent after `input`, as a pipe whose producer hangs.
 */
export function startCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  input?: Buffer | string,
  options: { readonly keepStdinOpen?: boolean } = {},
): CliChild {
  const child = spawn(process.execPath, [JSS, ...args], {
    // Only what the test gives: none of the developer's JSS_* variables, and a HOME of its own so that the
    // default checkpoint directory (~/.jss/checkpoints) is never the developer's.
    env: { PATH: process.env.PATH, HOME: TEST_HOME, ...env },
    stdio: 'pipe',
  });
  const stdout: Buffer[] = [];
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    for (const waiter of waiters.filter((entry) => stderr.includes(entry.text))) waiter.resolve();
  });
  if (options.keepStdinOpen === true) {
    if (input !== undefined) child.stdin.write(input);
  } else if (input === undefined) child.stdin.end();
  else child.stdin.end(input);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const bytes = Buffer.concat(stdout);
      resolve({ code, signal, stdout: bytes.toString('utf8'), stdoutBytes: bytes, stderr });
    });
  });
  return {
    child,
    done,
    stdoutSoFar: () => Buffer.concat(stdout).toString('utf8'),
    stderrContains: (text) =>
      stderr.includes(text) ? Promise.resolve() : new Promise((resolve) => waiters.push({ text, resolve })),
  };
}

/** Runs `jss <args>` to the end. */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  input?: Buffer | string,
): Promise<CliRun> {
  return startCli(args, env, input).done;
}

/** The JSON lines a `--json` run printed, one object per line. */
export function jsonLines(run: CliRun): Record<string, unknown>[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
