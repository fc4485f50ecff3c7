import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT, InterruptedError, reportError, UsageError } from './cli-errors.ts';
import { createRunner } from './command-context.ts';
import { registerAbortCommand } from './commands/abort.ts';
import { registerBucketCommands } from './commands/buckets.ts';
import { registerCopyCommandWithRecursive } from './commands/copy-recursive.ts';
import { registerMoveCommand } from './commands/copy-remote.ts';
import { registerObjectCommands } from './commands/objects.ts';
import { registerRefererCommand } from './commands/referer.ts';
import { registerRemoveCommand } from './commands/remove.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSyncCommand } from './commands/sync.ts';
import { registerUploadCommands } from './commands/uploads.ts';
import type { OutputStreams } from './output.ts';

/** What the CLI runs with; tests and the bin pass the process's. */
export interface CliEnvironment extends OutputStreams {
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  /** Where `rm -r` reads its confirmation on a terminal (default `process.stdin`). */
  readonly stdin?: (NodeJS.ReadableStream & { isTTY?: boolean }) | undefined;
}

const HELP_FOOTER = `
Without --endpoint or JSS_ENDPOINT, commands use an embedded local store in ./.jss-data (--data, JSS_DATA_DIR).

Exit codes: 0 ok, 1 unexpected failure, 2 usage error, 3 service error (the JSS error code is printed),
4 endpoint unreachable, not answering or not JSS, 5 checksum mismatch or changed source, 130 interrupted
(resumable). sync, cp -r and rm -r go on past a file that fails and then exit 3 if the service refused one
of the failed files, 1 otherwise. Errors are one line on stderr ending with their code, e.g. [NoSuchKey].`;

/** This package's version, read from its package.json (one level above both src/ and dist/). */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return String((manifest as { version?: unknown }).version);
}

function buildProgram(environment: CliEnvironment): Command {
  const program = new Command('jss')
    .version(packageVersion(), '-V, --version', 'print the version of jss (@jsskit/cli)')
    .description(
      'JD Cloud object storage (JSS) from the command line: resumable, verified uploads and downloads',
    )
    .option(
      '--endpoint <url>',
      'service endpoint, e.g. https://oss.cn-north-1.jcloudcs.com (env JSS_ENDPOINT)',
    )
    .option('--access-key <id>', 'access key id (env JSS_ACCESS_KEY)')
    .option('--secret-key <secret>', 'secret key (env JSS_SECRET_KEY)')
    .option('--data <dir>', 'data directory of the embedded local store (env JSS_DATA_DIR)')
    .option('--json', 'print one JSON object per result on stdout')
    .option('-q, --quiet', 'print nothing but results and errors')
    .option('-v, --verbose', 'log each request on stderr (never credentials or signatures)')
    .addHelpText('after', HELP_FOOTER)
    .exitOverride(usageOf(['jss']))
    .configureOutput({
      writeOut: (text) => environment.stdout.write(text),
      writeErr: (text) => environment.stderr.write(text),
      // runCli prints a usage error as every other error: one line ending in its code.
      outputError: () => undefined,
    });
  const run = createRunner({ signal: environment.signal, env: environment.env, streams: environment });
  registerServeCommand(program, run);
  registerBucketCommands(program, run);
  registerCopyCommandWithRecursive(program, run);
  registerSyncCommand(program, run);
  registerMoveCommand(program, run);
  registerObjectCommands(program, run);
  registerRemoveCommand(program, run);
  registerUploadCommands(program, run);
  registerAbortCommand(program, run);
  registerRefererCommand(program, run);
  for (const command of program.commands) command.exitOverride(usageOf(['jss', command.name()]));
  return program;
}

/**
 * Commander's exit as an error: help and version pass through; a parse error becomes a {@link UsageError}
 * that says where the usage is (`see jss cp --help`), on the one line every error gets.
 */
function usageOf(path: readonly string[]): (error: CommanderError) => never {
  return (error) => {
    if (error.exitCode === 0 || error.code === 'commander.help') throw error;
    const message = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
    throw new UsageError(`${message} (see ${path.join(' ')} --help)`, { cause: error });
  };
}

/** Runs the CLI with `args` (without node and the script) and returns the exit code. */
export async function runCli(args: readonly string[], environment: CliEnvironment): Promise<number> {
  const program = buildProgram(environment);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    // Help asked for exits 0; help shown because a command is missing is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const endpoint = program.opts<{ endpoint?: string }>().endpoint ?? environment.env.JSS_ENDPOINT;
    const report = reportError(error, { endpoint });
    const interrupted = report.exitCode === EXIT.interrupted && !(error instanceof InterruptedError);
    environment.stderr.write(
      `jss: ${interrupted ? 'interrupted: ' : ''}${report.message} [${report.code}]\n`,
    );
    return report.exitCode;
  }
}
