import type { Client } from '@jsskit/client';
import { isNotFound } from '@jsskit/client';
import { runPool } from './run-pool.ts';
import type { SyncRun } from './sync-run.ts';
import { toSyncError } from './to-sync-error.ts';

/** Deletes keys concurrently (JSS has no multi-delete), one action each; a key already gone is skipped. */
export async function deleteObjects(
  keys: readonly string[],
  context: {
    readonly client: Client;
    readonly bucket: string;
    readonly run: SyncRun;
    readonly concurrency: number;
    readonly dryRun: boolean;
    readonly signal: AbortSignal | undefined;
  },
): Promise<void> {
  const { client, bucket, run, signal } = context;
  run.plan(keys.length, 0);
  await runPool(keys, context, async (key) => {
    if (context.dryRun) {
      run.report({ kind: 'delete', key, reason: 'dry run' });
      return;
    }
    try {
      await client.deleteObject({ bucket, key, signal });
      run.report({ kind: 'delete', key });
    } catch (error) {
      if (signal?.aborted === true) return;
      if (isNotFound(error)) run.report({ kind: 'skip', key, reason: 'already gone' });
      else run.fail({ key }, toSyncError(error, 'SYNC_DELETE_FAILED', key));
    }
  });
}
