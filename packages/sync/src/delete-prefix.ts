import { SyncError } from './errors.ts';
import { deleteObjects } from './internal/delete-objects.ts';
import { finishRun } from './internal/finish-run.ts';
import { listRemote } from './internal/list-remote.ts';
import { withRunSignal } from './internal/run-signal.ts';
import { SyncRun } from './internal/sync-run.ts';
import {
  DEFAULT_SYNC_CONCURRENCY,
  normalizePrefix,
  throwIfAborted,
  validateCommonOptions,
} from './internal/validate-options.ts';
import type { DeletePrefixOptions, SyncResult } from './sync-options.ts';

/**
 * Deletes every object under a folder: one listing (every page), then concurrent DeleteObject calls (JSS has
 * no multi-delete). An object already gone is a skip; a delete that fails is in `result.failures`.
 * @throws {SyncError} `SYNC_INVALID_OPTIONS` before any request, `SYNC_SOURCE_NOT_FOUND` (no such bucket),
 * `SYNC_LISTING_FAILED`, `SYNC_ABORTED` (with `result`).
 */
export function deletePrefix(options: DeletePrefixOptions): Promise<SyncResult> {
  return withRunSignal(options, runDeletePrefix);
}

async function runDeletePrefix(options: DeletePrefixOptions): Promise<SyncResult> {
  validateCommonOptions(options);
  if (typeof options.prefix !== 'string')
    throw new SyncError('SYNC_INVALID_OPTIONS', 'prefix must be a string ("" for the whole bucket)');
  const prefix = normalizePrefix(options.prefix);
  throwIfAborted(options.signal);
  const { client, bucket, signal } = options;
  const run = new SyncRun(options);
  const concurrency = options.concurrency ?? DEFAULT_SYNC_CONCURRENCY;
  return finishRun(run, { signal }, async () => {
    const keys = [...(await listRemote(client, { bucket, prefix }, signal)).keys()];
    await deleteObjects(keys, { client, bucket, run, concurrency, dryRun: options.dryRun === true, signal });
  });
}
