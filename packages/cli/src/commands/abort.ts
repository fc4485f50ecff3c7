import { ServiceError } from '@jsskit/http-transport';
import { FileCheckpointStore, sweepIncompleteUploads } from '@jsskit/multipart';
import type { Command } from 'commander';
import { CHECKPOINT_DIR_HELP, checkpointDirectory, dropCheckpoints } from '../checkpoint-directory.ts';
import { UsageError } from '../cli-errors.ts';
import type { CommandContext, Runner } from '../command-context.ts';
import { parseJssUrl, parseObjectUrl } from '../jss-url.ts';
import { parseDuration } from '../parse-options.ts';

interface AbortOptions {
  readonly olderThan?: number;
  readonly dryRun?: boolean;
  readonly mine?: boolean;
  readonly checkpointDir?: string;
}

// Aborting an upload drops its checkpoint too: a checkpoint of an upload that is gone only stands in the way.
function checkpointStoreOf(options: AbortOptions, env: NodeJS.ProcessEnv): FileCheckpointStore {
  return new FileCheckpointStore(checkpointDirectory(options.checkpointDir, env));
}

async function abortOne(
  { output, session, signal, env }: CommandContext,
  target: string,
  uploadId: string,
  options: AbortOptions,
): Promise<void> {
  const { bucket, key } = parseObjectUrl(target);
  const { client } = await session();
  const store = checkpointStoreOf(options, env);
  const drop = async () => {
    if ((await dropCheckpoints(store, [{ bucket, key, uploadId }])) > 0)
      output.notice(`dropped its checkpoint in ${store.directory}`);
  };
  // The client's call, not multipart's abortMultipartUpload, which counts an upload already gone as aborted
  // (right for a sweep and for a cleanup): the upload named here may be a typo, and NoSuchUpload says so
  // (exit 3). Its checkpoint can only stand in the way, so it goes either way.
  try {
    await client.abortMultipartUpload({ bucket, key, uploadId, signal });
  } catch (error) {
    if (ServiceError.isInstance(error) && error.serviceCode === 'NoSuchUpload') await drop();
    throw error;
  }
  await drop();
  output.result({ bucket, key, uploadId, aborted: true }, `aborted: ${uploadId}`);
}

async function sweep(
  { output, session, signal, env }: CommandContext,
  target: string,
  options: AbortOptions,
): Promise<void> {
  const { bucket, key: prefix } = parseJssUrl(target);
  const result = await sweepIncompleteUploads({
    transport: (await session()).transport,
    bucket,
    prefix: prefix || undefined,
    olderThanMs: options.olderThan ?? 0,
    dryRun: options.dryRun === true,
    ownedBy: options.mine === true ? checkpointStoreOf(options, env) : undefined,
    signal,
  });
  const aborted = result.aborted.map((upload) => ({ bucket, key: upload.Key, uploadId: upload.UploadId }));
  if (options.dryRun !== true) await dropCheckpoints(checkpointStoreOf(options, env), aborted);
  const verb = options.dryRun === true ? 'would abort' : 'aborted';
  for (const upload of result.aborted)
    output.result(
      {
        bucket,
        key: upload.Key,
        uploadId: upload.UploadId,
        initiated: upload.Initiated,
        aborted: options.dryRun !== true,
      },
      `${verb}: ${upload.UploadId} ${upload.Key} (initiated ${upload.Initiated})`,
    );
  const others = options.mine === true ? `, ${result.notOwned.length} not ours left alone` : '';
  const kept = options.mine === true ? 'younger or running' : 'younger';
  output.notice(`${result.aborted.length} ${verb}, ${result.kept.length} ${kept} kept${others}`);
}

/** `jss abort`: one upload by id, or a sweep of the old ones under a prefix. */
export function registerAbortCommand(program: Command, run: Runner): void {
  program
    .command('abort')
    .description('abort one upload (--upload-id), or every upload under a prefix older than --older-than')
    .argument('<target>', 'jss://BUCKET/KEY with --upload-id, or jss://BUCKET[/PREFIX] with --older-than')
    .option('--upload-id <id>', 'the upload to abort')
    .option(
      '--older-than <age>',
      'abort uploads initiated longer ago than this (90s, 30m, 24h, 7d)',
      parseDuration,
    )
    .option('--dry-run', 'with --older-than: list what would be aborted')
    .option('--mine', 'with --older-than: only uploads `jss cp` started here and is not running now')
    .option(
      '--checkpoint-dir <dir>',
      `${CHECKPOINT_DIR_HELP}; the checkpoints of aborted uploads are dropped`,
    )
    .action((target: string, options: AbortOptions & { uploadId?: string }, command: Command) =>
      run(command, async (context) => {
        if ((options.uploadId === undefined) === (options.olderThan === undefined))
          throw new UsageError('give exactly one of --upload-id or --older-than');
        if (options.mine === true && options.olderThan === undefined)
          throw new UsageError('--mine goes with --older-than');
        return options.uploadId === undefined
          ? sweep(context, target, options)
          : abortOne(context, target, options.uploadId, options);
      }),
    );
}
