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
  await context.cache?.save();
  if (context.signal?.aborted === true) {
    const result = run.result();
    throw new SyncError(
      'SYNC_ABORTED',
      `the sync was aborted after ${result.uploaded + result.downloaded} transfers`,
      {
        cause: failure ?? context.signal.reason,
        result,
      },
    );
  }
  if (failure !== undefined) {
    if (SyncError.isInstance(failure) && failure.result === undefined)
      throw new SyncError(failure.code, failure.message, {
        cause: failure.cause,
        key: failure.key,
        result: run.result(),
      });
    throw failure;
  }
  return run.result();
}
