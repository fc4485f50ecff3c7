/**
 * How an upload is stopped, and why: by its caller (the caller's signal, `abort()`) or by the first part
 * that failed, which cancels the parts still in flight. The failure policy (upload-failure.ts) reads which
 * one it was; nothing else sets it.
 */
export class UploadStop {
  readonly #controller = new AbortController();
  readonly #onStop: () => void;
  #byPartFailure = false;

  /** `onStop` runs on every stop: a paused upload is let go, so that it ends. */
  constructor(onStop: () => void) {
    this.#onStop = onStop;
  }

  /** Aborted once the upload is stopped, for whatever reason. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the caller stopped the upload (a part failure that stopped it is not an abort). */
  get isAbortedByCaller(): boolean {
    return this.#controller.signal.aborted && !this.#byPartFailure;
  }

  /** The caller stops the upload. */
  stop(reason: unknown): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
    this.#onStop();
  }

  /** A part failed: the parts in flight are cancelled, and what they throw is that failure, not an abort. */
  stopForPartFailure(reason: unknown): void {
    if (!this.#controller.signal.aborted) this.#byPartFailure = true;
    this.stop(reason);
  }
}
