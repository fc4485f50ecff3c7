import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The `jss` command of @jsskit/cli (its package.json's bin), which runs the CLI package's build. */
function jssBin(): string {
  const manifestPath = createRequire(import.meta.url).resolve('@jsskit/cli/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: { jss: string } };
  return join(dirname(manifestPath), manifest.bin.jss);
}

/** The `jss` command the showcase runs. */
export const JSS_BIN: string = jssBin();

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
