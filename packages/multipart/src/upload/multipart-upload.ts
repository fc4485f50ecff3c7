import type { AttemptResult } from '@jsskit/http-transport';
import { computeMultipartETag, computePartETag } from '@jsskit/wire-types';
import { expectListeners } from '#listeners';
import { resumeOrInitiate } from '../checkpoints/resume-state.ts';
import type { UploadedPart, UploadState } from '../checkpoints/upload-state.ts';
import { MultipartError, type MultipartErrorCode } from '../errors.ts';
import { runtimeHashing } from '../internal/hashing.ts';
import { sendUntilIntact } from '../parts/damaged-body.ts';
import type { MemoryBudget } from '../parts/memory-budget.ts';
import { PartPace } from '../parts/part-pace.ts';
import { type ReadPart, runPartPool } from '../parts/part-pool.ts';
import {
  DEFAULT_CLEANUP_TIMEOUT_MS,
  DEFAULT_CONCURRENCY,
  DEFAULT_PART_SIZE,
  defaultMemoryBudget,
} from '../planning/defaults.ts';
import { partSizeAt, partSizeForKnownSize } from '../planning/plan-parts.ts';
import {
  abortUpload,
  completeUpload,
  headObject,
  isUnsettledComplete,
  type ObjectTarget,
} from '../service/jss-calls.ts';
import { connectionClient, type EngineClient } from '../service/service-connection.ts';
import { JSS_PROFILE, type ServiceProfile } from '../service/service-profile.ts';
import { listenForAbort } from '../signals/abort-listener.ts';
import { openSource, type RandomAccessSource, type SequentialSource } from '../sources/upload-source.ts';
import { ConcurrencyLimit, isThrottledAttempt } from '../throttling/concurrency-limit.ts';
import { checkUploadOptions } from './check-upload-options.ts';
import { ProgressTracker } from './progress.ts';
import { objectAttributes, type UploadOptions, type UploadResult } from './upload-options.ts';

/** How the parts of one multipart upload are laid out and read. */
interface PartPlan {
  readonly layout: UploadState['layout'];
  readonly partSize: number;
  readonly size: number | undefined;
  readonly checkpointId: string | undefined;
  readonly fingerprint: UploadState['fingerprint'];
  /** Reads the next part not in `done`, or undefined at the end. */
  readonly nextPart: (done: ReadonlyMap<number, UploadedPart>) => Promise<ReadPart | undefined>;
}

/**
 * One upload: a single PutObject for what fits in one part, else a concurrent multipart upload that
 * checkpoints after every part, resumes from a checkpoint, verifies each part's ETag against its MD5 and
 * the object's ETag against the multipart ETag computed locally. Start it with `done()`.
 */
export class MultipartUpload {
  readonly #options: UploadOptions;
  readonly #client: EngineClient;
  readonly #profile: ServiceProfile;
  readonly #budget: MemoryBudget;
  readonly #controller = new AbortController();
  readonly #progress: ProgressTracker;
  readonly #limit: ConcurrencyLimit;
  #run: Promise<UploadResult> | undefined;
  #uploadId: string | undefined;
  #checkpointId: string | undefined;
  #gate: { promise: Promise<void>; open: () => void } | undefined;
  #resumedBytes = 0;
  #stoppedByPartFailure = false;
  // Size and ETag of the object once Complete (or the single PutObject) was sent: from then on the object may
  // be in place.
  #completing: { size: number; etag: string } | undefined;

  constructor(options: UploadOptions) {
    checkUploadOptions(options);
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.#client = connectionClient(options);
    this.#options = options;
    this.#profile = options.profile ?? JSS_PROFILE;
    this.#budget = options.memoryBudget ?? defaultMemoryBudget;
    this.#progress = new ProgressTracker({
      total: undefined,
      onProgress: options.onProgress,
      onPart: options.onPart,
    });
    this.#progress.concurrency = concurrency;
    // Each part in flight listens on the upload's signal a few times (request, slow-part timer, waits).
    expectListeners(this.#controller.signal, 4 * concurrency + 10);
    this.#limit = new ConcurrencyLimit(concurrency, options.adaptiveConcurrency ?? true, (limit) => {
      this.#progress.concurrency = limit;
    });
    // Listened to only while the upload runs (#listening): the caller's signal may serve many uploads.
    if (options.signal?.aborted === true) this.#stop(options.signal.reason);
  }

  /** The multipart upload id, once initiated or resumed. */
  get uploadId(): string | undefined {
    return this.#uploadId;
  }

  /** Starts the upload (once) and resolves when the object is complete and verified. @throws {MultipartError} */
  done(): Promise<UploadResult> {
    this.#run ??= this.#listening();
    return this.#run;
  }

  // The caller's signal stops the upload while it runs; its listener goes once the upload has settled.
  async #listening(): Promise<UploadResult> {
    const stopListening = listenForAbort(this.#options.signal, (reason) => this.#stop(reason));
    try {
      return await this.#execute();
    } finally {
      stopListening();
    }
  }

  /** Stops taking new parts; parts in flight finish. A stopped upload is not paused: it is ending. */
  pause(): void {
    if (this.#gate !== undefined || this.#controller.signal.aborted) return;
    let open: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => {
      open = resolve;
    });
    this.#gate = { promise, open };
  }

  resume(): void {
    this.#gate?.open();
    this.#gate = undefined;
  }

  /**
   * Stops the upload, aborts it on the server and removes its checkpoint.
   * @throws {MultipartError} `MULTIPART_ALREADY_COMPLETE` when the server committed the object first (by
   * Complete, or by the single PutObject of a small source): it is in place, and is left there.
   */
  async abort(): Promise<void> {
    this.#stop(new MultipartError('MULTIPART_ABORTED', 'the upload was aborted'));
    await this.#run?.catch(() => undefined);
    const { bucket, key, checkpointStore } = this.#options;
    const removeCheckpoint = async () => {
      if (checkpointStore !== undefined && this.#checkpointId !== undefined)
        await checkpointStore.remove(this.#checkpointId);
    };
    const completing = this.#completing;
    if (completing !== undefined) {
      const head = await headObject(this.#client, { bucket, key }, new AbortController().signal);
      if (head?.size === completing.size && head.etag === completing.etag) {
        await removeCheckpoint();
        throw new MultipartError(
          'MULTIPART_ALREADY_COMPLETE',
          `the upload of ${key} was completed before it could be aborted: the object is in place (ETag ${head.etag})`,
          { uploadId: this.#uploadId },
        );
      }
    }
    if (this.#uploadId !== undefined) await abortUpload(this.#client, { bucket, key }, this.#uploadId);
    await removeCheckpoint();
  }

  // The pool also stops the upload's signal on the first part failure: that is a part failure, not an abort.
  #codeOf(error: unknown): MultipartErrorCode {
    if (MultipartError.isInstance(error)) return error.code;
    return this.#controller.signal.aborted && !this.#stoppedByPartFailure
      ? 'MULTIPART_ABORTED'
      : 'MULTIPART_PART_FAILED';
  }

  // A paused upload that is stopped (its signal, abort(), a failed part) opens the gate, so that it ends.
  #stop(reason: unknown): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
    this.resume();
  }

  get #target(): ObjectTarget {
    return { bucket: this.#options.bucket, key: this.#options.key };
  }

  async #execute(): Promise<UploadResult> {
    const started = performance.now();
    await runtimeHashing.ready();
    const source = await openSource(this.#options.source, this.#controller.signal);
    try {
      const result =
        source.kind === 'random' ? await this.#fromRandom(source) : await this.#fromSequential(source);
      return { ...result, seconds: (performance.now() - started) / 1000 };
    } catch (error) {
      // Stopped before any request (waiting for memory, or for a stream's first part): still a typed abort.
      if (MultipartError.isInstance(error) || !this.#controller.signal.aborted) throw error;
      throw new MultipartError('MULTIPART_ABORTED', `the upload of ${this.#options.key} was aborted`, {
        cause: error,
      });
    } finally {
      await source.close();
    }
  }

  async #fromRandom(source: RandomAccessSource): Promise<Omit<UploadResult, 'seconds'>> {
    const { size } = source;
    const partSize = partSizeForKnownSize(size, this.#options.partSize ?? DEFAULT_PART_SIZE, this.#profile);
    this.#progress.total = size;
    if (size <= partSize && size <= this.#profile.maxSinglePutSize) {
      const lease = await this.#budget.acquire(size, this.#controller.signal);
      try {
        const bytes = lease.buffer.subarray(0, await source.read(0, lease.buffer.subarray(0, size)));
        return await this.#putSingle(bytes);
      } finally {
        lease.release();
      }
    }
    const partCount = Math.ceil(size / partSize);
    const { checkpointStore } = this.#options;
    const identity =
      source.identity === undefined
        ? undefined
        : `${this.#options.bucket}\n${this.#options.key}\n${source.identity}`;
    const checkpointId =
      this.#options.checkpointId ??
      (identity === undefined ? undefined : runtimeHashing.sha256Hex(identity).slice(0, 32));
    let cursor = 1;
    return this.#multipart({
      layout: 'fixed',
      partSize,
      size,
      checkpointId,
      fingerprint: checkpointStore === undefined ? undefined : await source.fingerprint(),
      nextPart: async (done) => {
        while (cursor <= partCount && done.has(cursor)) cursor++;
        if (cursor > partCount) return undefined;
        const partNumber = cursor++;
        const length = partNumber < partCount ? partSize : size - (partCount - 1) * partSize;
        const lease = await this.#budget.acquire(length, this.#controller.signal);
        const read = await source
          .read((partNumber - 1) * partSize, lease.buffer.subarray(0, length))
          .catch((error: unknown) => {
            lease.release();
            throw new MultipartError('MULTIPART_SOURCE_FAILED', `reading part ${partNumber} failed`, {
              cause: error,
            });
          });
        if (read !== length) {
          lease.release();
          throw new MultipartError(
            'MULTIPART_SOURCE_CHANGED',
            `the source ended at part ${partNumber}: it shrank while being uploaded`,
          );
        }
        return { partNumber, bytes: lease.buffer.subarray(0, length), lease };
      },
    });
  }

  async #fromSequential(source: SequentialSource): Promise<Omit<UploadResult, 'seconds'>> {
    const initial = Math.max(this.#profile.minPartSize, this.#options.partSize ?? DEFAULT_PART_SIZE);
    const readPart = async (partNumber: number): Promise<ReadPart | undefined> => {
      if (partNumber > this.#profile.maxParts)
        throw new MultipartError(
          'MULTIPART_TOO_LARGE',
          `the stream is longer than ${this.#profile.maxParts} parts`,
        );
      const size = partSizeAt(partNumber, initial, this.#profile);
      const lease = await this.#budget.acquire(size, this.#controller.signal);
      const read = await source.read(lease.buffer.subarray(0, size)).catch((error: unknown) => {
        lease.release();
        throw error;
      });
      if (read === 0 && partNumber > 1) {
        lease.release();
        return undefined;
      }
      return { partNumber, bytes: lease.buffer.subarray(0, read), lease };
    };
    const first = (await readPart(1)) as ReadPart;
    if (first.bytes.byteLength < initial) {
      this.#progress.total = first.bytes.byteLength;
      try {
        return await this.#putSingle(first.bytes);
      } finally {
        first.lease.release();
      }
    }
    let nextNumber = 1;
    let total = 0;
    return this.#multipart({
      layout: 'growing',
      partSize: initial,
      size: undefined,
      checkpointId: undefined,
      fingerprint: undefined,
      nextPart: async () => {
        const part = nextNumber === 1 ? first : await readPart(nextNumber);
        nextNumber++;
        if (part === undefined) this.#progress.total = total;
        else total += part.bytes.byteLength;
        return part;
      },
    });
  }

  async #putSingle(bytes: Uint8Array): Promise<Omit<UploadResult, 'seconds'>> {
    const md5 = computePartETag(bytes, runtimeHashing.md5Hex);
    this.#progress.started(1, bytes.byteLength);
    this.#completing = { size: bytes.byteLength, etag: md5 };
    const request = {
      onUploadProgress: (delta: number) => this.#progress.sent(1, delta),
      onAttempt: (attempt: AttemptResult) => {
        if (isThrottledAttempt(attempt)) this.#limit.throttled();
        if (attempt.willRetry) this.#progress.retried(1, bytes.byteLength);
      },
      rateLimit: this.#options.rateLimit,
    };
    await sendUntilIntact({
      what: `PutObject of ${this.#options.key}`,
      md5,
      onResend: () => this.#progress.retried(1, bytes.byteLength),
      send: async () => {
        const { etag } = await this.#client.putObject({
          ...this.#target,
          ...objectAttributes(this.#options),
          body: bytes,
          contentMd5: md5,
          verifyETag: false,
          signal: this.#controller.signal,
          request,
        });
        return etag;
      },
    }).catch((error: unknown) => {
      if (MultipartError.isInstance(error)) throw error;
      throw new MultipartError(
        this.#codeOf(error),
        `PutObject of ${this.#options.key} failed: ${(error as Error).message}`,
        { cause: error },
      );
    });
    this.#progress.done(1, bytes.byteLength);
    return this.#result(md5, bytes.byteLength, 0, false);
  }

  #result(
    etag: string,
    size: number,
    parts: number,
    confirmedByHead: boolean,
  ): Omit<UploadResult, 'seconds'> {
    return {
      ...this.#target,
      etag,
      size,
      parts,
      uploadId: this.#uploadId,
      sentBytes: this.#progress.wireBytes,
      resumedBytes: this.#resumedBytes,
      retries: this.#progress.retries,
      throttles: this.#limit.throttles,
      lowestConcurrency: this.#limit.lowest,
      confirmedByHead,
    };
  }

  async #multipart(plan: PartPlan): Promise<Omit<UploadResult, 'seconds'>> {
    const store = this.#options.checkpointStore;
    const checkpointId = store === undefined ? undefined : plan.checkpointId;
    this.#checkpointId = checkpointId;
    const unlock =
      store !== undefined && checkpointId !== undefined ? await store.lock(checkpointId) : undefined;
    let state: UploadState | undefined;
    try {
      state = await resumeOrInitiate({
        client: this.#client,
        target: this.#target,
        attributes: objectAttributes(this.#options),
        layout: plan.layout,
        partSize: plan.partSize,
        size: plan.size,
        fingerprint: plan.fingerprint,
        store,
        checkpointId,
        onSourceChange: this.#options.onSourceChange ?? 'error',
        signal: this.#controller.signal,
      });
      this.#uploadId = state.uploadId;
      const done = new Map(state.parts.map((part) => [part.partNumber, part]));
      for (const part of done.values()) {
        this.#resumedBytes += part.size;
        this.#progress.reused(part.partNumber, part.size);
      }
      let saving = Promise.resolve();
      const { failure, unfinishedParts } = await runPartPool(
        {
          client: this.#client,
          rateLimit: this.#options.rateLimit,
          target: this.#target,
          uploadId: state.uploadId,
          limit: this.#limit,
          pace: this.#options.slowPart === false ? undefined : new PartPace(this.#options.slowPart),
          signal: this.#controller.signal,
          progress: this.#progress,
          nextPart: () => plan.nextPart(done),
          whenRunning: () => this.#gate?.promise ?? Promise.resolve(),
          onUploaded: async (part) => {
            done.set(part.partNumber, part);
            state = {
              ...(state as UploadState),
              parts: [...done.values()].sort((a, b) => a.partNumber - b.partNumber),
            };
            const snapshot = state;
            if (store !== undefined && checkpointId !== undefined) {
              saving = saving.then(() => store.save(checkpointId, snapshot));
              await saving;
            }
          },
        },
        (reason) => {
          if (!this.#controller.signal.aborted) this.#stoppedByPartFailure = true;
          this.#stop(reason);
        },
      );
      await saving;
      if (failure !== undefined) {
        const reason = MultipartError.isInstance(failure)
          ? failure.message
          : `${(failure as Error).message ?? String(failure)}`;
        throw new MultipartError(
          this.#codeOf(failure),
          `upload ${state.uploadId} of ${this.#options.key} stopped: ${reason}`,
          { uploadId: state.uploadId, failedParts: unfinishedParts, state, cause: failure },
        );
      }
      const result = await this.#complete(state);
      if (store !== undefined && checkpointId !== undefined) await store.remove(checkpointId);
      return result;
    } catch (error) {
      const failure =
        MultipartError.isInstance(error) && error.state !== undefined
          ? error
          : new MultipartError(
              this.#codeOf(error),
              `upload of ${this.#options.key} failed: ${(error as Error).message ?? String(error)}`,
              { uploadId: this.#uploadId, state, cause: error },
            );
      throw await this.#cleanUp(failure, checkpointId);
    } finally {
      await unlock?.();
    }
  }

  // onFailure 'abort': the upload is aborted on the server (within cleanupTimeoutMs, whatever stopped it) and
  // its checkpoint removed; the error then carries no resumable state. 'keep' returns the error as it is.
  async #cleanUp(failure: MultipartError, checkpointId: string | undefined): Promise<MultipartError> {
    const { uploadId } = failure;
    if (this.#options.onFailure !== 'abort' || uploadId === undefined) return failure;
    const { checkpointStore } = this.#options;
    const details = { uploadId, failedParts: failure.failedParts, cause: failure.cause };
    try {
      const signal = AbortSignal.timeout(this.#options.cleanupTimeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MS);
      await abortUpload(this.#client, this.#target, uploadId, signal);
      if (checkpointStore !== undefined && checkpointId !== undefined)
        await checkpointStore.remove(checkpointId);
    } catch (error) {
      return new MultipartError(
        failure.code,
        `${failure.message}; aborting upload ${uploadId} on the server failed too (${(error as Error).message}): it is left on the server`,
        { ...details, state: failure.state, cleanup: 'abort-failed', cleanupError: error },
      );
    }
    return new MultipartError(
      failure.code,
      `${failure.message}; upload ${uploadId} was aborted on the server`,
      {
        ...details,
        cleanup: 'aborted',
      },
    );
  }

  async #complete(state: UploadState): Promise<Omit<UploadResult, 'seconds'>> {
    this.#progress.completing();
    const parts = state.parts;
    const expected = computeMultipartETag(
      parts.map((part) => part.md5),
      runtimeHashing.md5Hex,
    );
    const size = parts.reduce((sum, part) => sum + part.size, 0);
    let etag: string;
    let confirmedByHead = false;
    this.#completing = { size, etag: expected };
    try {
      etag = await completeUpload(this.#client, this.#target, state.uploadId, parts, this.#controller.signal);
    } catch (error) {
      if (this.#controller.signal.aborted)
        throw new MultipartError(this.#codeOf(error), `Complete of ${state.uploadId} was stopped`, {
          uploadId: state.uploadId,
          state,
          cause: error,
        });
      if (!isUnsettledComplete(error))
        throw new MultipartError(
          'MULTIPART_COMPLETE_FAILED',
          `Complete of ${state.uploadId} failed: ${(error as Error).message}`,
          { uploadId: state.uploadId, state, cause: error },
        );
      const head = await headObject(this.#client, this.#target, this.#controller.signal);
      if (head === undefined || head.size !== size || head.etag !== expected) {
        throw new MultipartError(
          'MULTIPART_COMPLETE_FAILED',
          `Complete of ${state.uploadId} got no answer and the object is not there as expected`,
          { uploadId: state.uploadId, state, cause: error },
        );
      }
      etag = head.etag;
      confirmedByHead = true;
    }
    if (etag !== expected) {
      throw new MultipartError(
        'MULTIPART_CHECKSUM_MISMATCH',
        `the object ETag ${etag} differs from the multipart ETag ${expected} computed from the parts sent`,
        { uploadId: state.uploadId, state },
      );
    }
    return this.#result(etag, size, parts.length, confirmedByHead);
  }
}

/** Creates an upload without starting it; call `done()`. */
export function createUpload(options: UploadOptions): MultipartUpload {
  return new MultipartUpload(options);
}

/**
 * Uploads an object and resolves when it is complete and verified. Every failure is a rejection, bad options
 * included (`createUpload` throws those at once).
 * @throws {MultipartError} with `uploadId`, `failedParts` and the resumable `state`.
 * @example
 * const result = await uploadObject({ client, bucket: 'backups', key: 'db.tar', source: '/var/backups/db.tar',
 *   checkpointStore: new FileCheckpointStore('.jss-checkpoints') });
 */
export async function uploadObject(options: UploadOptions): Promise<UploadResult> {
  return createUpload(options).done();
}
