import type { RateLimit } from '@jsskit/http-transport';
import { computePartETag } from '@jsskit/wire-types';
import type { UploadedPart } from '../checkpoints/upload-state.ts';
import { runtimeHashing } from '../internal/hashing.ts';
import type { ObjectTarget } from '../service/jss-calls.ts';
import type { EngineClient } from '../service/service-connection.ts';
import { eitherSignal } from '../signals/either-signal.ts';
import type { ConcurrencyLimit, ConcurrencyPermit } from '../throttling/concurrency-limit.ts';
import { createPartThrottling, type PartThrottling } from '../throttling/part-throttling.ts';
import type { ProgressTracker } from '../upload/progress.ts';
import { sendUntilIntact } from './damaged-body.ts';
import type { BufferLease } from './memory-budget.ts';
import type { PartPace } from './part-pace.ts';

/** A part read from the source, in a leased buffer. */
export interface ReadPart {
  readonly partNumber: number;
  readonly bytes: Uint8Array;
  readonly lease: BufferLease;
}

/** What the pool needs: where parts come from, where they go, and what to do when one is acknowledged. */
export interface PartPoolOptions {
  readonly client: EngineClient;
  /** The upload's cap on how fast bodies go. */
  readonly rateLimit: RateLimit | undefined;
  readonly target: ObjectTarget;
  readonly uploadId: string;
  /** Parts in flight; its ceiling is how many workers run. */
  readonly limit: ConcurrencyLimit;
  readonly signal: AbortSignal;
  readonly progress: ProgressTracker;
  /** Resolves the next part (undefined at the end); calls are serialized by the pool. */
  readonly nextPart: () => Promise<ReadPart | undefined>;
  readonly onUploaded: (part: UploadedPart) => Promise<void>;
  /** Resolves when the upload is not paused. */
  readonly whenRunning: () => Promise<void>;
  /** How long a part may take before it is cancelled and sent again; undefined: no such deadline. */
  readonly pace?: PartPace | undefined;
}

// Cancels of one part for being too slow before it is left to finish however long it takes.
const MAX_SLOW_CANCELS = 2;

/**
 * Sends one part under a permit of the concurrency limit. The part's throttling is the transport's admission
 * for its attempts: a throttled attempt cuts the limit, and its retry first gives the permit back and waits
 * for a new one, so that the retry counts against the cut limit (part-throttling.ts). A part slower than its
 * pace deadline is cancelled and sent again on a fresh request (at most twice).
 */
async function sendPart(
  part: ReadPart,
  slot: { permit: ConcurrencyPermit },
  options: PartPoolOptions,
): Promise<UploadedPart> {
  const { progress } = options;
  const size = part.bytes.byteLength;
  const md5 = computePartETag(part.bytes, runtimeHashing.md5Hex);
  progress.started(part.partNumber, size);
  const throttling = createPartThrottling({
    limit: options.limit,
    slot,
    signal: options.signal,
    onRetry: () => progress.retried(part.partNumber, size),
  });
  let slowCancels = 0;
  try {
    await sendUntilIntact({
      what: `part ${part.partNumber}`,
      md5,
      details: { uploadId: options.uploadId, failedParts: [part.partNumber] },
      onResend: () => progress.retried(part.partNumber, size),
      send: async () => {
        const started = performance.now();
        // A straggler is cancelled and sent again; the last try has no deadline, so a slow part still finishes.
        const deadline = slowCancels < MAX_SLOW_CANCELS ? options.pace?.deadlineMs(size) : undefined;
        const timeout = deadline === undefined ? undefined : AbortSignal.timeout(deadline);
        const either = timeout === undefined ? undefined : eitherSignal(options.signal, timeout);
        let etag: string;
        try {
          etag = await sendOnce({ part, md5, signal: either?.signal ?? options.signal, throttling }, options);
        } catch (error) {
          if (timeout?.aborted !== true || options.signal.aborted) throw error;
          slowCancels++;
          return undefined;
        } finally {
          either?.dispose();
        }
        if (etag === md5) options.pace?.record(size, performance.now() - started);
        return etag;
      },
    });
  } finally {
    throttling.end();
  }
  return { partNumber: part.partNumber, size, md5 };
}

/**
 * One UploadPart request (the transport retries its attempts); resolves with the ETag answered, unchecked:
 * `sendUntilIntact` compares it with the MD5 and resends.
 */
async function sendOnce(
  send: {
    readonly part: ReadPart;
    readonly md5: string;
    readonly signal: AbortSignal;
    readonly throttling: PartThrottling;
  },
  options: PartPoolOptions,
): Promise<string> {
  const { part, md5, signal, throttling } = send;
  const { progress } = options;
  throttling.startSend();
  const { etag } = await options.client.uploadPart({
    ...options.target,
    uploadId: options.uploadId,
    partNumber: part.partNumber,
    body: part.bytes,
    contentMd5: md5,
    verifyETag: false,
    signal,
    request: {
      onUploadProgress: (delta) => progress.sent(part.partNumber, delta),
      admission: throttling,
      rateLimit: options.rateLimit,
    },
  });
  return etag;
}

/**
 * Runs as many workers as the limit's ceiling, pulling parts from one source. The first failure stops reading, aborts every
 * part in flight through `stop`, and is returned with the numbers of the parts that did not finish.
 */
export async function runPartPool(
  options: PartPoolOptions,
  stop: (reason: unknown) => void,
): Promise<{ readonly failure: unknown; readonly unfinishedParts: number[] }> {
  let reading: Promise<unknown> = Promise.resolve();
  let failure: unknown;
  const unfinished = new Set<number>();
  const next = () => {
    const result = reading.then(() =>
      failure === undefined && !options.signal.aborted ? options.nextPart() : undefined,
    );
    reading = result.catch(() => undefined);
    return result;
  };
  const worker = async () => {
    while (failure === undefined) {
      await options.whenRunning();
      const slot = { permit: await options.limit.acquire(options.signal) };
      try {
        const part = await next();
        if (part === undefined) return;
        unfinished.add(part.partNumber);
        try {
          const uploaded = await sendPart(part, slot, options);
          // Journaled first, reported second: a part reported done survives a crash right after.
          await options.onUploaded(uploaded);
          unfinished.delete(part.partNumber);
          options.limit.succeeded(slot.permit);
          options.progress.done(part.partNumber, uploaded.size);
        } finally {
          part.lease.release();
        }
      } finally {
        slot.permit.release();
      }
    }
  };
  const workers = Array.from({ length: options.limit.ceiling }, () =>
    worker().catch((error: unknown) => {
      if (failure === undefined) {
        failure = error;
        stop(error);
      }
    }),
  );
  await Promise.all(workers);
  for (const partNumber of unfinished) options.progress.dropped(partNumber);
  return { failure, unfinishedParts: [...unfinished].sort((a, b) => a - b) };
}
