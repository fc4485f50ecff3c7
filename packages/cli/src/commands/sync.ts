import type { Command } from 'commander';
import { CHECKPOINT_DIR_HELP } from '../checkpoint-directory.ts';
import type { Runner } from '../command-context.ts';
import { parsePartSize, parsePositiveInt, parseRate } from '../parse-options.ts';
import { type DirectorySyncOptions, runDirectorySync } from './directory-sync.ts';

/** Commander's collector of a repeatable option. */
export function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export const SYNC_HELP = `
Files are compared by content: same size and same ETag (the MD5, or the multipart ETag of the part layouts an
upload could have used) is skipped, anything else is sent, so a changed file of the same size is never missed.
The hash cache and upload checkpoints live in sync/ under the checkpoint directory; a run stopped by Ctrl-C
(exit 130) resumes when run again. Some files failing makes the run exit 3 (one refused by the service) or 1.

Examples:
  jss sync ./site jss://www/site --delete --exclude '*.tmp'
  jss sync jss://www/site ./site-copy
  jss --json sync ./site jss://www/site --dry-run`;

/** Adds the options of a directory run (files at once, part size, rate, symlinks, state directory). */
export function addDirectoryOptions(command: Command): Command {
  return command
    .option('--concurrency <n>', 'files at once (default 8)', parsePositiveInt)
    .option('--part-size <size>', 'part size of uploads (8MiB default)', parsePartSize)
    .option('--limit-rate <rate>', 'bytes per second at most for the whole run (512K, 10M)', parseRate)
    .option('--follow-symlinks', 'follow symbolic links (by default a link is skipped and said so)')
    .option('--checkpoint-dir <dir>', `${CHECKPOINT_DIR_HELP}; a directory run uses its sync/`);
}

/** `jss sync SRC DST`. */
export function registerSyncCommand(program: Command, run: Runner): void {
  const command = program
    .command('sync')
    .description(
      'make a bucket folder hold what a local directory holds, or the other way round, comparing content',
    )
    .argument('<source>', 'DIR or jss://BUCKET[/PREFIX]')
    .argument('<destination>', 'jss://BUCKET[/PREFIX] or DIR (created if missing)')
    .option('--delete', 'remove at the destination what the source lacks (among the files selected)')
    .option('--exclude <glob>', 'leave out relative paths matching GLOB (repeatable)', collect)
    .option('--include <glob>', 'only relative paths matching GLOB (repeatable)', collect)
    .option('--dry-run', 'say what would be done, change nothing');
  addDirectoryOptions(command)
    .addHelpText('after', SYNC_HELP)
    .action((source: string, destination: string, options: DirectorySyncOptions, self: Command) =>
      run(self, (context) =>
        runDirectorySync(context, { source, destination, compare: 'content', command: 'sync', options }),
      ),
    );
}
