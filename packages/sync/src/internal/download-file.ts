import { lstat, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Client } from '@jsskit/client';
import { downloadObject } from '@jsskit/multipart';
import { SyncError } from '../errors.ts';
import type { SyncOptions } from '../sync-options.ts';
import { isSameContent } from './content-match.ts';
import type { HashCache } from './hash-cache.ts';
import type { RemoteObject } from './list-remote.ts';
import type { SyncRun } from './sync-run.ts';
import { toSyncError } from './to-sync-error.ts';
import type { LocalFile } from './walk-directory.ts';

/** What every object's download shares. */
export interface DownloadContext {
  readonly client: Client;
  readonly bucket: string;
  readonly options: SyncOptions;
  readonly run: SyncRun;
  readonly cache: HashCache;
}

/**
 * Syncs one object to its path: skipped when the local file holds the same bytes, else downloaded through
 * `<path>.jss-partial` (resumed by a later run). Never rejects.
 */
export async function downloadFile(
  remote: RemoteObject,
  target: { readonly path: string; readonly local: LocalFile | undefined },
  context: DownloadContext,
): Promise<void> {
  const { options, run } = context;
  const action = { path: target.path, key: remote.key, size: remote.size };
  let streamed = 0;
  try {
    const match = { cache: context.cache, partSize: options.partSize, signal: options.signal };
    const local = options.compare === 'none' ? undefined : target.local;
    if (local !== undefined && (await isSameContent(local, remote, match))) {
      run.report({ ...action, kind: 'skip', reason: 'same content' }, { doneBytes: remote.size });
      return;
    }
    if (target.local === undefined) await refuseDirectoryInTheWay(target.path, remote.key);
    if (options.dryRun === true) {
      run.report({ ...action, kind: 'download', reason: 'dry run' }, { doneBytes: remote.size });
      return;
    }
    await mkdir(dirname(target.path), { recursive: true }).catch((error: unknown) => {
      const message = `the directory of ${target.path} could not be made: ${(error as Error).message}`;
      throw new SyncError('SYNC_LOCAL_FAILED', message, { cause: error, key: remote.key });
    });
    const result = await downloadObject({
      client: context.client,
      bucket: context.bucket,
      key: remote.key,
      destination: target.path,
      resume: true,
      // No partSize: a given one makes the engine's check strict, and a sync's partSize is the layout its
      // uploads use, not the one every object in the bucket was uploaded with. The check below tries it.
      rateLimit: options.rateLimit,
      signal: options.signal,
      onProgress: (progress) => {
        run.progress(progress.doneBytes - streamed);
        streamed = progress.doneBytes;
      },
    });
    const written = await stat(target.path);
    const file = {
      relative: '',
      path: target.path,
      size: written.size,
      mtimeMs: written.mtimeMs,
      ctimeMs: written.ctimeMs,
      ino: written.ino,
    };
    // Checked by size alone (the ETag is neither the MD5 nor the multipart ETag of the layout the engine
    // assumed): try the other layouts a sync compares with; what still does not match is said on the action.
    const verified =
      result.check !== 'size' || (await isSameContent(file, { ...remote, etag: result.etag }, match));
    if (result.check !== 'size') context.cache.remember(file, [result.etag]);
    run.report(
      {
        ...action,
        kind: 'download',
        ...(verified ? {} : { reason: 'checked by size only: the ETag matches no part layout tried' }),
      },
      { doneBytes: remote.size - streamed, transferredBytes: result.receivedBytes },
    );
  } catch (error) {
    if (options.signal?.aborted === true) return;
    run.fail(action, toSyncError(error, 'SYNC_DOWNLOAD_FAILED', remote.key), remote.size - streamed);
  }
}

/**
 * Refuses, before any byte is fetched, a path where a local directory stands: the download could never be
 * renamed into place and would leave its working files behind.
 * @throws {SyncError} `SYNC_LOCAL_FAILED`.
 */
async function refuseDirectoryInTheWay(path: string, key: string): Promise<void> {
  const stats = await lstat(path).catch(() => undefined);
  if (stats?.isDirectory() === true)
    throw new SyncError(
      'SYNC_LOCAL_FAILED',
      `${path} is a directory, in the way of the object ${JSON.stringify(key)}: nothing downloaded`,
      { key },
    );
}
