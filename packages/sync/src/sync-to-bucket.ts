import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FileCheckpointStore } from '@jsskit/multipart';
import { SyncError } from './errors.ts';
import { deleteObjects } from './internal/delete-objects.ts';
import { finishRun } from './internal/finish-run.ts';
import { HashCache } from './internal/hash-cache.ts';
import { hasWorkingFileSegment, isWorkingFileName, keyForRelativePath } from './internal/key-rules.ts';
import { listRemote } from './internal/list-remote.ts';
import { createPathFilter } from './internal/path-filter.ts';
import { runPool } from './internal/run-pool.ts';
import { withRunSignal } from './internal/run-signal.ts';
import { isAtOrBelow, type StateInsideTree, stateInsideTree } from './internal/state-inside-tree.ts';
import { SyncRun } from './internal/sync-run.ts';
import { type UploadContext, uploadFile } from './internal/upload-file.ts';
import {
  checkStateDirectory,
  DEFAULT_SYNC_CONCURRENCY,
  normalizePrefix,
  throwIfAborted,
  validateCommonOptions,
  validateSyncOptions,
} from './internal/validate-options.ts';
import { walkDirectory } from './internal/walk-directory.ts';
import type { SyncResult, SyncToBucketOptions } from './sync-options.ts';

/** Checks the options and the source directory before any request. */
async function checkOptions(
  options: SyncToBucketOptions,
): Promise<{ from: string; prefix: string; state: StateInsideTree | undefined }> {
  validateCommonOptions(options);
  validateSyncOptions(options);
  const prefix = normalizePrefix(options.prefix);
  if (typeof options.from !== 'string' || options.from === '')
    throw new SyncError('SYNC_INVALID_OPTIONS', 'from must be the path of a directory');
  const from = resolve(options.from);
  const stats = await stat(from).catch((error: unknown) => {
    throw new SyncError('SYNC_SOURCE_NOT_FOUND', `the directory ${from} does not exist`, { cause: error });
  });
  if (!stats.isDirectory()) throw new SyncError('SYNC_INVALID_OPTIONS', `${from} is not a directory`);
  await checkStateDirectory(options.stateDirectory);
  const state = stateInsideTree(from, options.stateDirectory);
  throwIfAborted(options.signal);
  return { from, prefix, state };
}

/**
 * The listed keys `delete` may remove: not sent by this run, selected, and none of what the walk left alone:
 * folder markers, working files' names, the state directory, symlinks and what lies below them.
 */
function keysToDelete(
  remoteKeys: Iterable<string>,
  context: {
    prefix: string;
    sent: ReadonlySet<string>;
    kept: readonly string[];
    isSelected: (path: string) => boolean;
  },
): string[] {
  return [...remoteKeys].filter((key) => {
    const relative = key.slice(context.prefix.length);
    return (
      !context.sent.has(key) &&
      !key.endsWith('/') &&
      !hasWorkingFileSegment(relative) &&
      !context.kept.some((kept) => isAtOrBelow(relative, kept)) &&
      context.isSelected(relative)
    );
  });
}

/** The key of a relative path, or the SyncError saying why JSS would refuse it. */
function tryKey(prefix: string, relative: string): string | SyncError {
  try {
    return keyForRelativePath(prefix, relative);
  } catch (error) {
    return error as SyncError;
  }
}

/**
 * Syncs a directory to a bucket folder by content: a file whose object has the same size and ETag (MD5, or
 * the multipart ETag of a layout the upload could have used) is skipped, any other is uploaded through the
 * multipart engine (resumable); with `delete`, objects the directory lacks are removed.
 * @throws {SyncError} `SYNC_INVALID_OPTIONS`, `SYNC_SOURCE_NOT_FOUND` before any request; `SYNC_LISTING_FAILED`;
 * `SYNC_ABORTED` (with `result`). One file's failure is not thrown: it is in `result.failures`.
 */
export function syncToBucket(options: SyncToBucketOptions): Promise<SyncResult> {
  return withRunSignal(options, runSyncToBucket);
}

async function runSyncToBucket(options: SyncToBucketOptions): Promise<SyncResult> {
  const { from, prefix, state } = await checkOptions(options);
  const { client, bucket, signal } = options;
  const run = new SyncRun(options);
  const cache = await HashCache.open(options.stateDirectory);
  const checkpointStore =
    options.stateDirectory === undefined
      ? undefined
      : new FileCheckpointStore(join(options.stateDirectory, 'checkpoints'));
  const concurrency = options.concurrency ?? DEFAULT_SYNC_CONCURRENCY;
  const isSelected = createPathFilter(options.include, options.exclude);
  return finishRun(run, { cache, signal }, async () => {
    const walk = await walkDirectory(from, {
      followSymlinks: options.followSymlinks === true,
      ignore: isWorkingFileName,
      exclude: state?.path,
    });
    cache.forgetMissing(from, new Set(walk.files.map((file) => file.path)));
    const remote = await listRemote(client, { bucket, prefix }, signal);
    const files = walk.files.filter((file) => isSelected(file.relative));
    const links = walk.symlinks.filter((entry) => isSelected(entry.relative));
    const bytes = files.reduce((total, file) => total + file.size, 0);
    const duplicates = walk.duplicates.filter((entry) => isSelected(entry.relative));
    run.plan(files.length + links.length + duplicates.length + walk.failures.length, bytes);
    for (const link of links)
      run.report({ kind: 'skip', path: link.path, key: `${prefix}${link.relative}`, reason: 'symlink' });
    for (const link of duplicates) {
      const reason = 'symlink to a directory synced by another path';
      run.report({ kind: 'skip', path: link.path, key: `${prefix}${link.relative}/`, reason });
    }
    for (const entry of walk.failures)
      run.fail({ path: entry.path, key: `${prefix}${entry.relative}` }, entry.error);
    const context: UploadContext = { client, bucket, options, run, cache, checkpointStore };
    const keyed = files.map((file) => ({ file, key: tryKey(prefix, file.relative) }));
    const localKeys = new Set(keyed.flatMap((entry) => (typeof entry.key === 'string' ? [entry.key] : [])));
    await runPool(keyed, { concurrency, signal }, async ({ file, key }) => {
      if (typeof key === 'string') await uploadFile(file, { key, remote: remote.get(key) }, context);
      else run.fail({ path: file.path, key: key.key ?? file.relative, size: file.size }, key, file.size);
    });
    if (options.delete !== true || signal?.aborted === true) return;
    const kept = [...walk.symlinks, ...walk.duplicates].map((entry) => entry.relative);
    if (state !== undefined) kept.push(state.relative);
    const extra = keysToDelete(remote.keys(), { prefix, sent: localKeys, kept, isSelected });
    await deleteObjects(extra, { client, bucket, run, concurrency, dryRun: options.dryRun === true, signal });
  });
}
