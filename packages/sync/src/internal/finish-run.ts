import { SyncError } from '../errors.ts';
import type { SyncResult } from '../sync-options.ts';
import type { HashCache } from './hash-cache.ts';
import type { SyncRun } from './sync-run.ts';

/**
 * Ends a run: saves the hash cache (also after a failure, so that finished files need not be hashed
 * again), and turns an aborted run into `SYNC_ABORTED` carrying what was done.
 */
export async function finishRun(
  run: SyncRun,
  context: { readonly cache?: HashCache | undefined; readonly signal: AbortSignal | undefined },
  body: () => Promise<void>,
): Promise<SyncResult> {
  let failure: unknown;
  try {
    await body();
  } catch (error) {
    failure = error;
  }
  const thrown = run.callbackError;
  if (thrown !== undefined) {
    const message = `onAction or onProgress threw: ${thrown.error instanceof Error ? thrown.error.message : String(thrown.error)}`;
    failure ??= new SyncError('SYNC_CALLBACK_FAILED', message, { cause: thrown.error });
  }
  try {
    await context.cache?.save();
  } catch (error) {
    failure ??= new SyncError(
      'SYNC_LOCAL_FAILED',
      `the hash cache could not be written: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (context.signal?.aborted === true) {
    const result = run.result();
    throw new SyncError(
      'SYNC_ABORTED',
      `the sync was aborted after ${result.uploaded + result.downloaded} transfers and ${result.deleted} deletes`,
      {
        cause: failure ?? context.signal.reason,
        result,
      },
    );
  }
  if (failure !== undefined) {
    const result = run.result();
    if (!SyncError.isInstance(failure)) {
      const message = `the sync stopped: ${failure instanceof Error ? failure.message : String(failure)}`;
      throw new SyncError('SYNC_LOCAL_FAILED', message, { cause: failure, result });
    }
    if (failure.result !== undefined) throw failure;
    throw new SyncError(failure.code, failure.message, { cause: failure.cause, key: failure.key, result });
  }
  return run.result();
}
