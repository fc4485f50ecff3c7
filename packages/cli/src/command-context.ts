import type { Command } from 'commander';
import { createOutput, type Output, type OutputStreams } from './output.ts';
import { type GlobalOptions, openSession, type Session } from './session.ts';

/** What a command's action gets: output, options, the interrupt signal and a lazily opened session. */
export interface CommandContext {
  readonly output: Output;
  readonly options: GlobalOptions;
  /** Fires on SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
  readonly env: NodeJS.ProcessEnv;
  /** The streams the command runs with: stdout, stderr and stdin (for a confirmation). */
  readonly streams: CommandStreams;
  session(): Promise<Session>;
}

/** The output streams, and stdin to ask a question on (`rm -r` on a terminal). */
export interface CommandStreams extends OutputStreams {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** Runs one command action; the session is closed whatever happens. */
export type Runner = (command: Command, action: (context: CommandContext) => Promise<void>) => Promise<void>;

export interface RunnerSetup {
  readonly signal: AbortSignal;
  readonly env: NodeJS.ProcessEnv;
  readonly streams: OutputStreams & { readonly stdin?: CommandStreams['stdin'] | undefined };
}

export function createRunner(setup: RunnerSetup): Runner {
  return async (command, action) => {
    const options = command.optsWithGlobals<GlobalOptions>();
    const output = createOutput(options, setup.streams);
    let opened: Promise<Session> | undefined;
    try {
      await action({
        output,
        options,
        signal: setup.signal,
        env: setup.env,
        streams: { ...setup.streams, stdin: setup.streams.stdin ?? process.stdin },
        session: () => {
          opened ??= openSession(options, output, setup.env);
          return opened;
        },
      });
    } finally {
      if (opened !== undefined) await (await opened.catch(() => undefined))?.close();
    }
  };
}
