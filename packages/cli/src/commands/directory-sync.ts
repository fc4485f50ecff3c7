import { join } from 'node:path';
import { createRateLimit } from '@jsskit/http-transport';
import { SyncError, type SyncResult, syncFromBucket, syncToBucket } from '@jsskit/sync';
import { checkpointDirectory } from '../checkpoint-directory.ts';
import { EXIT, InterruptedError, PartialFailureError, reportError } from '../cli-errors.ts';
import type { CommandContext } from '../command-context.ts';
import { dataDirectory } from '../session.ts';
import { createSyncReporter } from '../sync-reporter.ts';
import { keptOutGlobs } from './kept-out.ts';
import { parseSyncSides } from './sync-sides.ts';

/** The options `jss sync` and `jss cp -r` share. */
export interface DirectorySyncOptions {
  readonly delete?: boolean | undefined;
  readonly include?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
  readonly dryRun?: boolean | undefined;
  readonly concurrency?: number | undefined;
  readonly partSize?: number | undefined;
  readonly limitRate?: number | undefined;
  readonly followSymlinks?: boolean | undefined;
  readonly checkpointDir?: string | undefined;
}

/** One directory run: the sides as written, how files are compared, and the command's name for messages. */
export interface DirectorySyncRequest {
  readonly source: string;
  readonly destination: string;
  readonly compare: 'content' | 'none';
  /** `sync` or `cp -r`. */
  readonly command: string;
  readonly options: DirectorySyncOptions;
}

/**
 * Where a directory run keeps its state (hash cache, upload checkpoints): `sync/` in the directory where
 * `jss cp` keeps its upload checkpoints (--checkpoint-dir, JSS_CHECKPOINT_DIR, ~/.jss/checkpoints).
 */
export function syncStateDirectory(given: string | undefined, env: NodeJS.ProcessEnv): string {
  return join(checkpointDirectory(given, env), 'sync');
}

/** Exit 3 when the service refused one of the failed files, 1 otherwise. */
function failureExitCode(result: SyncResult): number {
  const service = result.failures.some((failure) => reportError(failure.error).exitCode === EXIT.service);
  return service ? EXIT.service : EXIT.failure;
}

/** Ends a run that went to its end: failures make it exit non-zero, after the summary. */
export function throwIfFailed(result: SyncResult, command: string, isJson = false): void {
  if (result.failed === 0) return;
  const files = result.failed === 1 ? '1 file' : `${result.failed} files`;
  const where = isJson ? 'each in its JSON line' : 'each said above';
  const done = result.uploaded + result.downloaded + result.deleted + result.skipped;
  const others = done === 0 ? '' : ', the others went through';
  throw new PartialFailureError(
    `${command}: ${files} failed (${where})${others}; run the same command again to retry what can be retried`,
    failureExitCode(result),
  );
}

/** A run the first Ctrl-C stopped: its summary so far, then exit 130 saying how to resume. */
export function interruptedRun(error: unknown, signal: AbortSignal, finish: (result: SyncResult) => void) {
  if (!SyncError.isInstance(error) || error.code !== 'SYNC_ABORTED' || !signal.aborted) return error;
  if (error.result !== undefined) finish(error.result);
  return new InterruptedError('interrupted; run the same command again to resume', { cause: error });
}

/** `jss sync SRC DST` and `jss cp -r SRC DST`: a local directory to a bucket folder or back. */
export async function runDirectorySync(
  context: CommandContext,
  request: DirectorySyncRequest,
): Promise<void> {
  const { output, signal, env } = context;
  const { options } = request;
  const sides = await parseSyncSides(request.source, request.destination, request.command);
  const session = await context.session();
  const { client } = session;
  // jss's own directories inside the tree (the embedded store, the checkpoints) are never synced or deleted.
  const own = [checkpointDirectory(options.checkpointDir, env)];
  if (session.embedded) own.push(dataDirectory(context.options, env));
  const keptOut = keptOutGlobs(sides.directory, own);
  const dryRun = options.dryRun === true;
  const reporter = createSyncReporter(output, {
    bucket: sides.bucket,
    dryRun,
    stderr: context.streams.stderr,
  });
  const common = {
    client,
    bucket: sides.bucket,
    prefix: sides.prefix,
    compare: request.compare,
    delete: options.delete,
    include: options.include,
    exclude: [...(options.exclude ?? []), ...keptOut],
    dryRun,
    concurrency: options.concurrency,
    partSize: options.partSize,
    followSymlinks: options.followSymlinks,
    rateLimit:
      options.limitRate === undefined ? undefined : createRateLimit({ bytesPerSecond: options.limitRate }),
    stateDirectory: syncStateDirectory(options.checkpointDir, env),
    signal,
    onAction: reporter.onAction,
    onProgress: reporter.onProgress,
  };
  let result: SyncResult;
  try {
    result =
      sides.direction === 'up'
        ? await syncToBucket({ ...common, from: sides.directory })
        : await syncFromBucket({ ...common, to: sides.directory });
  } catch (error) {
    reporter.stop();
    throw interruptedRun(error, signal, (partial) => reporter.finish(partial));
  }
  reporter.finish(result);
  throwIfFailed(result, request.command, context.options.json === true);
}
