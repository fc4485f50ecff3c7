import type { Client } from '@jsskit/client';
import { type CheckpointStore, uploadObject } from '@jsskit/multipart';
import type { SyncOptions } from '../sync-options.ts';
import { isSameContent } from './content-match.ts';
import type { HashCache } from './hash-cache.ts';
import type { RemoteObject } from './list-remote.ts';
import type { SyncRun } from './sync-run.ts';
import { toSyncError } from './to-sync-error.ts';
import type { LocalFile } from './walk-directory.ts';

/** What every file's upload shares. */
export interface UploadContext {
  readonly client: Client;
  readonly bucket: string;
  readonly options: SyncOptions;
  readonly run: SyncRun;
  readonly cache: HashCache;
  readonly checkpointStore: CheckpointStore | undefined;
}

/** Syncs one file to its key: skipped when the object holds the same bytes, else uploaded. Never rejects. */
export async function uploadFile(
  file: LocalFile,
  target: { readonly key: string; readonly remote: RemoteObject | undefined },
  context: UploadContext,
): Promise<void> {
  const { options, run } = context;
  const action = { path: file.path, key: target.key, size: file.size };
  let streamed = 0;
  try {
    const shouldCompare = options.compare !== 'none' && target.remote !== undefined;
    const match = { cache: context.cache, partSize: options.partSize, signal: options.signal };
    if (shouldCompare && (await isSameContent(file, target.remote as RemoteObject, match))) {
      run.report({ ...action, kind: 'skip', reason: 'same content' }, { doneBytes: file.size });
      return;
    }
    if (options.dryRun === true) {
      run.report({ ...action, kind: 'upload', reason: 'dry run' }, { doneBytes: file.size });
      return;
    }
    const result = await uploadObject({
      client: context.client,
      bucket: context.bucket,
      key: target.key,
      source: file.path,
      partSize: options.partSize,
      memoryBudget: options.memoryBudget,
      rateLimit: options.rateLimit,
      checkpointStore: context.checkpointStore,
      onSourceChange: 'restart', // a file edited since its upload was interrupted: send what it holds now
      signal: options.signal,
      onProgress: (progress) => {
        run.progress(progress.confirmedBytes - streamed);
        streamed = progress.confirmedBytes;
      },
    });
    context.cache.remember(file, [result.etag]);
    const transferredBytes = result.size - result.resumedBytes;
    run.report({ ...action, kind: 'upload' }, { doneBytes: file.size - streamed, transferredBytes });
  } catch (error) {
    if (options.signal?.aborted === true) return;
    run.fail(action, toSyncError(error, 'SYNC_UPLOAD_FAILED', target.key), file.size - streamed);
  }
}
