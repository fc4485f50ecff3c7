import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built `jss` entry point next to this file. */
export const JSS_BIN: string = fileURLToPath(new URL('../bin/jss.js', import.meta.url));

/** A finished `jss` child: exit code (or the signal that killed it) and the JSON lines it printed. */
export interface JssRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly results: Record<string, unknown>[];
}

/** A running `jss` child; stderr goes to the terminal so its progress bar shows. */
export interface JssChild {
  readonly process: ChildProcess;
  readonly finished: Promise<JssRun>;
}

/** The objects `jss --json` printed, one per line. */
export function parseJsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Starts `jss --json <args>` with the given environment; stdout is parsed as JSON lines. */
export function startJss(args: readonly string[], env: NodeJS.ProcessEnv, bin = JSS_BIN): JssChild {
  const child = spawn(process.execPath, [bin, '--json', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  const finished = new Promise<JssRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      resolve({ code, signal, results: parseJsonLines(stdout) });
    });
  });
  return { process: child, finished };
}
