import { expectListeners } from '#listeners';
import type { MemoryBudget } from '../parts/memory-budget.ts';
import { DEFAULT_CONCURRENCY, defaultMemoryBudget } from '../planning/defaults.ts';
import type { ObjectTarget } from '../service/jss-calls.ts';
import { connectionClient, type EngineClient } from '../service/service-connection.ts';
import { JSS_PROFILE, type ServiceProfile } from '../service/service-profile.ts';
import { ConcurrencyLimit } from '../throttling/concurrency-limit.ts';
import { ProgressTracker } from './progress.ts';
import type { UploadOptions, UploadResult } from './upload-options.ts';
import type { UploadStop } from './upload-stop.ts';

/**
 * One upload while it runs: what its steps (single PUT, parts, Complete, cleanup) share, and what they
 * learn on the way that `abort()` and the result need.
 */
export interface UploadRun {
  readonly options: UploadOptions;
  readonly client: EngineClient;
  readonly target: ObjectTarget;
  readonly profile: ServiceProfile;
  readonly budget: MemoryBudget;
  readonly progress: ProgressTracker;
  readonly limit: ConcurrencyLimit;
  readonly stop: UploadStop;
  /** Resolves when the upload is not paused. */
  readonly whenRunning: () => Promise<void>;
  /** The multipart upload id, once initiated or resumed. */
  uploadId: string | undefined;
  /** The checkpoint of a multipart upload with a store. */
  checkpointId: string | undefined;
  /** Size and ETag of the object once Complete (or the single PutObject) was sent: it may be in place. */
  completing: { readonly size: number; readonly etag: string } | undefined;
  /** Bytes of parts reused from an earlier run. */
  resumedBytes: number;
}

/** The run of an upload with checked `options`, stopped through `stop`. */
export function createUploadRun(
  options: UploadOptions,
  stop: UploadStop,
  whenRunning: () => Promise<void>,
): UploadRun {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const client = connectionClient(options);
  const progress = new ProgressTracker({
    total: undefined,
    onProgress: options.onProgress,
    onPart: options.onPart,
  });
  progress.concurrency = concurrency;
  // Each part in flight listens on the upload's signal a few times (request, slow-part timer, waits).
  expectListeners(stop.signal, 4 * concurrency + 10);
  const limit = new ConcurrencyLimit(concurrency, options.adaptiveConcurrency ?? true, (current) => {
    progress.concurrency = current;
  });
  return {
    options,
    client,
    target: { bucket: options.bucket, key: options.key },
    profile: options.profile ?? JSS_PROFILE,
    budget: options.memoryBudget ?? defaultMemoryBudget,
    progress,
    limit,
    stop,
    whenRunning,
    uploadId: undefined,
    checkpointId: undefined,
    completing: undefined,
    resumedBytes: 0,
  };
}

/** What an upload ended with, besides how long it took. */
export interface RunOutcome {
  readonly etag: string;
  readonly size: number;
  /** 0 for a single PutObject. */
  readonly parts: number;
  readonly confirmedByHead: boolean;
}

/** The result of a run that ended with `outcome`, without its duration. */
export function resultOf(run: UploadRun, outcome: RunOutcome): Omit<UploadResult, 'seconds'> {
  return {
    ...run.target,
    etag: outcome.etag,
    size: outcome.size,
    parts: outcome.parts,
    uploadId: run.uploadId,
    sentBytes: run.progress.wireBytes,
    resumedBytes: run.resumedBytes,
    retries: run.progress.retries,
    throttles: run.limit.throttles,
    lowestConcurrency: run.limit.lowest,
    confirmedByHead: outcome.confirmedByHead,
  };
}
