import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../cli-errors.ts';
import type { CommandContext, Runner } from '../command-context.ts';
import { isJssUrl } from '../jss-url.ts';
import { registerCopyCommand } from './copy.ts';
import type { CopyOptions } from './copy-upload.ts';
import { runDirectorySync } from './directory-sync.ts';

type RecursiveCopyOptions = CopyOptions & { readonly recursive?: boolean };

const RECURSIVE_HELP = `
With -r, SRC is a directory and DST jss://BUCKET[/PREFIX], or the other way round: every file is copied, without
comparing (jss sync compares and skips what is already there); --concurrency is then files at once (8 by
default), and a run stopped by Ctrl-C resumes when run again.
  jss cp -r ./photos jss://photos/2026
  jss cp -r jss://photos/2026 ./photos-copy`;

// Flags of one object's attributes or of one upload's recovery, which a directory run does not take.
const NOT_RECURSIVE: readonly [keyof RecursiveCopyOptions, string][] = [
  ['storageClass', '--storage-class'],
  ['encrypt', '--encrypt'],
  ['contentType', '--content-type'],
  ['restart', '--restart'],
];

function checkRecursiveOptions(options: RecursiveCopyOptions): void {
  for (const [name, flag] of NOT_RECURSIVE)
    if (options[name] !== undefined) throw new UsageError(`${flag} applies to one file, not to cp -r`);
  if (!options.resume) throw new UsageError('--no-resume applies to one file, not to cp -r');
  if (!options.adaptive) throw new UsageError('--no-adaptive applies to one file, not to cp -r');
}

/** Without -r, a directory or a bucket folder as the source is a usage error that says to add -r. */
async function refuseDirectory(source: string, destination: string): Promise<void> {
  const hint = 'add -r to copy what it holds (jss cp -r SRC DST)';
  if (isJssUrl(source)) {
    const rest = source.slice('jss://'.length);
    const folder = rest.endsWith('/') || !rest.includes('/');
    if (folder && !isJssUrl(destination) && destination !== '-')
      throw new UsageError(`${source} names a folder, not an object: ${hint}`);
    return;
  }
  if (source === '-') return;
  const info = await stat(source).catch(() => undefined);
  if (info?.isDirectory() === true) throw new UsageError(`${source} is a directory: ${hint}`);
}

function copyRecursive(context: CommandContext, command: Command, options: RecursiveCopyOptions) {
  const [source = '', destination = ''] = command.args;
  checkRecursiveOptions(options);
  const { concurrency, partSize, limitRate, checkpointDir } = options;
  return runDirectorySync(context, {
    source,
    destination,
    compare: 'none',
    command: 'cp -r',
    options: { concurrency, partSize, limitRate, checkpointDir },
  });
}

/**
 * `jss cp` with `-r`: the command of copy.ts, whose actions run through a runner that takes `-r` runs (and
 * directories given without it) before the single-object action.
 */
export function registerCopyCommandWithRecursive(program: Command, run: Runner): void {
  const recursiveRun: Runner = (command, action) =>
    run(command, async (context) => {
      const options = command.opts<RecursiveCopyOptions>();
      if (options.recursive === true) return copyRecursive(context, command, options);
      const [source = '', destination = ''] = command.args;
      await refuseDirectory(source, destination);
      return action(context);
    });
  registerCopyCommand(program, recursiveRun);
  const copy = program.commands.find((command) => command.name() === 'cp');
  if (copy === undefined) throw new Error('jss cp is not registered');
  copy
    .option('-r, --recursive', 'copy a directory to a bucket folder or a folder to a directory')
    .addHelpText('after', RECURSIVE_HELP);
}
