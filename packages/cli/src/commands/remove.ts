import { deletePrefix, type SyncResult } from '@jsskit/sync';
import type { Command } from 'commander';
import { UsageError } from '../cli-errors.ts';
import type { CommandContext, Runner } from '../command-context.ts';
import { confirm } from '../confirm.ts';
import { parseJssUrl, parseObjectUrl } from '../jss-url.ts';
import { parsePositiveInt } from '../parse-options.ts';
import { createSyncReporter } from '../sync-reporter.ts';
import { interruptedRun, throwIfFailed } from './directory-sync.ts';

interface RemoveOptions {
  readonly recursive?: boolean;
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly concurrency?: number;
}

const REMOVE_HELP = `
With -r, every object under the folder is deleted (JSS has no multi-delete: one listing, then DeleteObject
calls, --concurrency at once). --dry-run lists what would be deleted; on a terminal rm -r says how many objects
it will delete and asks; without a terminal it deletes only with --yes (else exit 2, nothing deleted).
  jss rm -r jss://photos/2025/ --dry-run
  jss rm -r jss://photos/2025/ --yes`;

async function removeObject(context: CommandContext, target: string, options: RemoveOptions): Promise<void> {
  if (options.dryRun === true || options.concurrency !== undefined)
    throw new UsageError('--dry-run and --concurrency apply to rm -r');
  const { bucket, key } = parseObjectUrl(target);
  await (await context.session()).client.deleteObject({ bucket, key, signal: context.signal });
  context.output.result({ bucket, key, deleted: true }, `delete: jss://${bucket}/${key}`);
}

/** On a terminal, the count of what would go and a question; true to go on. */
async function confirmed(
  context: CommandContext,
  target: { readonly bucket: string; readonly prefix: string },
): Promise<boolean> {
  const { client } = await context.session();
  const listed = await deletePrefix({ client, ...target, dryRun: true, signal: context.signal });
  const where = `jss://${target.bucket}/${target.prefix}`;
  if (listed.deleted === 0) {
    context.output.notice(`nothing under ${where}: nothing to delete`);
    return false;
  }
  const objects = listed.deleted === 1 ? '1 object' : `${listed.deleted} objects`;
  const yes = await confirm(`delete ${objects} under ${where}?`, context.streams, context.signal);
  if (!yes) context.output.notice('nothing deleted');
  return yes;
}

async function removePrefix(context: CommandContext, target: string, options: RemoveOptions): Promise<void> {
  const { bucket, key: prefix } = parseJssUrl(target);
  const dryRun = options.dryRun === true;
  if (!dryRun && options.yes !== true) {
    if (context.streams.stdin.isTTY !== true)
      throw new UsageError(
        'rm -r deletes without asking only with --yes, and there is no terminal to ask on: add --yes (or --dry-run to list what it would delete)',
      );
    if (!(await confirmed(context, { bucket, prefix }))) return;
  }
  const { client } = await context.session();
  const reporter = createSyncReporter(context.output, { bucket, dryRun, stderr: context.streams.stderr });
  const { signal } = context;
  let result: SyncResult;
  try {
    const onAction = reporter.onAction;
    result = await deletePrefix({
      client,
      bucket,
      prefix,
      dryRun,
      concurrency: options.concurrency,
      signal,
      onAction,
    });
  } catch (error) {
    throw interruptedRun(error, signal, (partial) => reporter.finish(partial));
  }
  reporter.finish(result);
  throwIfFailed(result, 'rm -r', context.options.json === true);
}

/** `jss rm jss://BUCKET/KEY` and `jss rm -r jss://BUCKET[/PREFIX]`. */
export function registerRemoveCommand(program: Command, run: Runner): void {
  program
    .command('rm')
    .description('delete an object, or with -r every object under a folder')
    .argument('<object>', 'jss://BUCKET/KEY, or jss://BUCKET[/PREFIX] with -r')
    .option('-r, --recursive', 'delete every object under the folder')
    .option('--dry-run', 'with -r: list what would be deleted, delete nothing')
    .option('-y, --yes', 'with -r: do not ask (needed without a terminal)')
    .option('--concurrency <n>', 'with -r: deletes at once (default 8)', parsePositiveInt)
    .addHelpText('after', REMOVE_HELP)
    .action((target: string, options: RemoveOptions, command: Command) =>
      run(command, (context) =>
        options.recursive === true
          ? removePrefix(context, target, options)
          : removeObject(context, target, options),
      ),
    );
}
