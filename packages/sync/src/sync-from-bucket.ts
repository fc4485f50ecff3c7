import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SyncError } from './errors.ts';
import { deleteLocalFiles } from './internal/delete-local-files.ts';
import { type DownloadContext, downloadFile } from './internal/download-file.ts';
import { finishRun } from './internal/finish-run.ts';
import { HashCache } from './internal/hash-cache.ts';
import { isWorkingFileName, segmentsForKey } from './internal/key-rules.ts';
import { listRemote, type RemoteObject } from './internal/list-remote.ts';
import { createPathFilter } from './internal/path-filter.ts';
import { runPool } from './internal/run-pool.ts';
import { withRunSignal } from './internal/run-signal.ts';
import { isAtOrBelow, type StateInsideTree, stateInsideTree } from './internal/state-inside-tree.ts';
import { SyncRun } from './internal/sync-run.ts';
import {
  checkStateDirectory,
  DEFAULT_SYNC_CONCURRENCY,
  normalizePrefix,
  throwIfAborted,
  validateCommonOptions,
  validateSyncOptions,
} from './internal/validate-options.ts';
import { type LocalFile, walkDirectory } from './internal/walk-directory.ts';
import type { SyncFromBucketOptions, SyncResult } from './sync-options.ts';

/** Checks the options and the target before any request; true when the target directory exists. */
async function checkOptions(
  options: SyncFromBucketOptions,
): Promise<{ to: string; prefix: string; exists: boolean; state: StateInsideTree | undefined }> {
  validateCommonOptions(options);
  validateSyncOptions(options);
  const prefix = normalizePrefix(options.prefix);
  if (typeof options.to !== 'string' || options.to === '')
    throw new SyncError('SYNC_INVALID_OPTIONS', 'to must be the path of a directory');
  const to = resolve(options.to);
  const stats = await stat(to).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    const message = `${to} cannot be a directory (${error.code ?? error.message}: a regular file is on its path)`;
    throw new SyncError('SYNC_INVALID_OPTIONS', message, { cause: error });
  });
  if (stats !== undefined && !stats.isDirectory())
    throw new SyncError('SYNC_INVALID_OPTIONS', `${to} is not a directory`);
  await checkStateDirectory(options.stateDirectory);
  const state = stateInsideTree(to, options.stateDirectory);
  throwIfAborted(options.signal);
  return { to, prefix, exists: stats !== undefined, state };
}

/** A listed object's place under the target, or why it has none. */
type Placement =
  | { readonly remote: RemoteObject; readonly relative: string }
  | { readonly remote: RemoteObject; readonly error: SyncError }
  | { readonly remote: RemoteObject; readonly marker: true };

function place(prefix: string, remote: RemoteObject, state: StateInsideTree | undefined): Placement {
  if (remote.key.endsWith('/')) return { remote, marker: true };
  try {
    const relative = segmentsForKey(prefix, remote.key).join('/');
    if (state !== undefined && isAtOrBelow(relative, state.relative)) {
      const message = `the key ${JSON.stringify(remote.key)} would be written into the state directory: refused`;
      return { remote, error: new SyncError('SYNC_UNSAFE_KEY', message, { key: remote.key }) };
    }
    return { remote, relative };
  } catch (error) {
    return { remote, error: error as SyncError };
  }
}

/**
 * Places every listed object; an object whose path is also a folder of other objects (`a` beside `a/b`) is
 * refused, the folder wins: a file and a directory cannot share a path.
 */
function placeAll(
  remote: Iterable<RemoteObject>,
  location: { readonly prefix: string; readonly state: StateInsideTree | undefined },
): Placement[] {
  const placements = [...remote].map((object) => place(location.prefix, object, location.state));
  const folders = new Set<string>();
  for (const entry of placements)
    if ('relative' in entry) {
      const segments = entry.relative.split('/');
      for (let count = 1; count < segments.length; count++) folders.add(segments.slice(0, count).join('/'));
    }
  return placements.map((entry) => {
    if (!('relative' in entry) || !folders.has(entry.relative)) return entry;
    const message = `the key ${JSON.stringify(entry.remote.key)} is also a folder of other keys, which win: refused`;
    return {
      remote: entry.remote,
      error: new SyncError('SYNC_UNSAFE_KEY', message, { key: entry.remote.key }),
    };
  });
}

/** The symlink (not followed) that a relative path is, or passes through; undefined when there is none. */
function symlinkOnPath(relative: string, links: ReadonlySet<string>): string | undefined {
  if (links.size === 0) return undefined;
  const segments = relative.split('/');
  for (let count = 1; count <= segments.length; count++) {
    const ancestor = segments.slice(0, count).join('/');
    if (links.has(ancestor)) return ancestor;
  }
  return undefined;
}

function throughLink(key: string, link: string): SyncError {
  const message = `the key ${JSON.stringify(key)} would be written through the symlink ${JSON.stringify(link)}: refused`;
  return new SyncError('SYNC_UNSAFE_KEY', message, { key });
}

/**
 * Syncs a bucket folder to a directory (created if missing) by content: an object whose local file has the
 * same size and ETag is skipped, any other is downloaded through `<path>.jss-partial` (resumable); with
 * `delete`, local files the bucket lacks are removed. Keys that would land outside the directory are refused.
 * @throws {SyncError} `SYNC_INVALID_OPTIONS` before any request; `SYNC_SOURCE_NOT_FOUND` (no such bucket),
 * `SYNC_LISTING_FAILED`, `SYNC_ABORTED` (with `result`). One object's failure is in `result.failures`.
 */
export function syncFromBucket(options: SyncFromBucketOptions): Promise<SyncResult> {
  return withRunSignal(options, runSyncFromBucket);
}

async function runSyncFromBucket(options: SyncFromBucketOptions): Promise<SyncResult> {
  const { to, prefix, exists, state } = await checkOptions(options);
  const { client, bucket, signal } = options;
  const run = new SyncRun(options);
  const cache = await HashCache.open(options.stateDirectory);
  const concurrency = options.concurrency ?? DEFAULT_SYNC_CONCURRENCY;
  const isSelected = createPathFilter(options.include, options.exclude);
  const dryRun = options.dryRun === true;
  return finishRun(run, { cache, signal }, async () => {
    const remote = await listRemote(client, { bucket, prefix }, signal);
    if (!exists && !dryRun) await mkdir(to, { recursive: true });
    // The target is never walked through a symlink, whatever followSymlinks says (it is about an upload's
    // source): a download or a delete must not reach a file outside `to` through a link inside it.
    const followSymlinks = false;
    const walk = exists
      ? await walkDirectory(to, { followSymlinks, ignore: isWorkingFileName, exclude: state?.path })
      : undefined;
    const localFiles = new Map<string, LocalFile>((walk?.files ?? []).map((file) => [file.relative, file]));
    const placements = placeAll(remote.values(), { prefix, state });
    const selected = placements.filter((entry) => !('relative' in entry) || isSelected(entry.relative));
    run.plan(
      selected.length,
      selected.reduce((total, entry) => total + entry.remote.size, 0),
    );
    const context: DownloadContext = { client, bucket, options, run, cache };
    const links = new Set(
      [...(walk?.symlinks ?? []), ...(walk?.duplicates ?? [])].map((link) => link.relative),
    );
    await runPool(selected, { concurrency, signal }, async (entry) => {
      const action = { key: entry.remote.key, size: entry.remote.size };
      if ('marker' in entry)
        run.report({ ...action, kind: 'skip', reason: 'directory marker' }, { doneBytes: action.size });
      else if ('error' in entry) run.fail(action, entry.error, action.size);
      else {
        const path = join(to, ...entry.relative.split('/'));
        const link = symlinkOnPath(entry.relative, links);
        if (link === entry.relative)
          run.report({ ...action, path, kind: 'skip', reason: 'symlink' }, { doneBytes: action.size });
        else if (link !== undefined)
          run.fail({ ...action, path }, throughLink(entry.remote.key, link), action.size);
        else await downloadFile(entry.remote, { path, local: localFiles.get(entry.relative) }, context);
      }
    });
    if (options.delete !== true || signal?.aborted === true) return;
    const remoteRelatives = new Set(
      placements.flatMap((entry) => ('relative' in entry ? [entry.relative] : [])),
    );
    const extra = [...localFiles.values()].filter(
      (file) => !remoteRelatives.has(file.relative) && isSelected(file.relative),
    );
    await deleteLocalFiles(extra, { prefix, run, concurrency, dryRun, signal });
  });
}
