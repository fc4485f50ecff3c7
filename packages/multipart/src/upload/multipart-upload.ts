import { MultipartError } from '../errors.ts';
import { listenForAbort } from '../signals/abort-listener.ts';
import { abortRun } from './abort-run.ts';
import { checkUploadOptions } from './check-upload-options.ts';
import { PauseGate } from './pause-gate.ts';
import { runUpload } from './run-upload.ts';
import type { UploadOptions, UploadResult } from './upload-options.ts';
import { createUploadRun, type UploadRun } from './upload-run.ts';
import { UploadStop } from './upload-stop.ts';

/**
 * One upload: a single PutObject for what fits in one part, else a concurrent multipart upload that
 * checkpoints after every part, resumes from a checkpoint, verifies each part's ETag against its MD5 and
 * the object's ETag against the multipart ETag computed locally. Start it with `done()`.
 *
 * The class is the upload's lifecycle (start once, pause, resume, abort); the steps are in files of their
 * own: run-upload.ts opens the source, fixed-parts.ts and growing-parts.ts ask planUpload for one PUT or
 * parts, put-single.ts, upload-parts.ts, complete-verified.ts, and upload-failure.ts, the failure policy.
 */
export class MultipartUpload {
  readonly #options: UploadOptions;
  readonly #gate = new PauseGate();
  readonly #stop: UploadStop;
  readonly #run: UploadRun;
  #done: Promise<UploadResult> | undefined;

  constructor(options: UploadOptions) {
    checkUploadOptions(options);
    this.#options = options;
    // A paused upload that is stopped (its signal, abort(), a failed part) opens the gate, so that it ends.
    this.#stop = new UploadStop(() => this.resume());
    this.#run = createUploadRun(options, this.#stop, () => this.#gate.whenOpen());
    // Listened to only while the upload runs (#listening): the caller's signal may serve many uploads.
    if (options.signal?.aborted === true) this.#stop.stop(options.signal.reason);
  }

  /** The multipart upload id, once initiated or resumed. */
  get uploadId(): string | undefined {
    return this.#run.uploadId;
  }

  /** Starts the upload (once) and resolves when the object is complete and verified. @throws {MultipartError} */
  done(): Promise<UploadResult> {
    this.#done ??= this.#listening();
    return this.#done;
  }

  // The caller's signal stops the upload while it runs; its listener goes once the upload has settled.
  async #listening(): Promise<UploadResult> {
    const stopListening = listenForAbort(this.#options.signal, (reason) => this.#stop.stop(reason));
    try {
      return await runUpload(this.#run);
    } finally {
      stopListening();
    }
  }

  /** Stops taking new parts; parts in flight finish. A stopped upload is not paused: it is ending. */
  pause(): void {
    if (this.#stop.signal.aborted) return;
    this.#gate.pause();
  }

  resume(): void {
    this.#gate.open();
  }

  /**
   * Stops the upload, aborts it on the server and removes its checkpoint.
   * @throws {MultipartError} `MULTIPART_ALREADY_COMPLETE` when the server committed the object first (by
   * Complete, or by the single PutObject of a small source): it is in place, and is left there.
   */
  async abort(): Promise<void> {
    this.#stop.stop(new MultipartError('MULTIPART_ABORTED', 'the upload was aborted'));
    await this.#done?.catch(() => undefined);
    await abortRun(this.#run);
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
