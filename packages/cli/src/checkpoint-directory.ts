import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@jsskit/client';
import { ServiceError } from '@jsskit/http-transport';
import type { FileCheckpointStore, UploadState } from '@jsskit/multipart';

/** Where `jss cp` keeps upload checkpoints: --checkpoint-dir, JSS_CHECKPOINT_DIR, or ~/.jss/checkpoints. */
export function checkpointDirectory(given: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(given ?? env.JSS_CHECKPOINT_DIR ?? join(homedir(), '.jss', 'checkpoints'));
}

export const CHECKPOINT_DIR_HELP =
  'where upload checkpoints live (env JSS_CHECKPOINT_DIR, default ~/.jss/checkpoints)';

/** One file's upload to one object of one store: what names its checkpoint (docs/adr/0009). */
export interface CheckpointedUpload {
  /** The endpoint, or the embedded store's data directory. */
  readonly identity: string;
  readonly bucket: string;
  readonly key: string;
  /** The source file's absolute path. */
  readonly path: string;
}

export function checkpointIdOf(upload: CheckpointedUpload): string {
  return createHash('sha256')
    .update(`${upload.identity}\n${upload.bucket}\n${upload.key}\n${upload.path}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * `jss cp --restart`: aborts the upload a checkpoint names (one already gone counts as aborted) and removes the
 * checkpoint, under its lock so that a running `jss cp` of the same file is never pulled from under it.
 * Resolves with the aborted upload id, or undefined when there was no checkpoint.
 */
export async function restartCheckpoint(
  store: FileCheckpointStore,
  id: string,
  client: Client,
): Promise<string | undefined> {
  const release = await store.lock(id);
  try {
    const state = await store.load(id);
    if (state === undefined) return undefined;
    const { bucket, key, uploadId } = state;
    await client.abortMultipartUpload({ bucket, key, uploadId }).catch((error: unknown) => {
      if (!(ServiceError.isInstance(error) && error.serviceCode === 'NoSuchUpload')) throw error;
    });
    await store.remove(id);
    return uploadId;
  } finally {
    await release();
  }
}

/** Removes every checkpoint of the given uploads (after they were aborted); resolves with how many it removed. */
export async function dropCheckpoints(
  store: FileCheckpointStore,
  uploads: readonly Pick<UploadState, 'bucket' | 'key' | 'uploadId'>[],
): Promise<number> {
  const wanted = new Set(uploads.map((upload) => `${upload.bucket}\n${upload.key}\n${upload.uploadId}`));
  let removed = 0;
  for (const id of await store.list()) {
    const state = await store.load(id);
    if (state === undefined || !wanted.has(`${state.bucket}\n${state.key}\n${state.uploadId}`)) continue;
    await store.remove(id);
    removed++;
  }
  return removed;
}
