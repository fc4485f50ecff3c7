import type { SyncError } from '../errors.ts';
import type { SyncAction, SyncProgress, SyncResult } from '../sync-options.ts';

/** The callbacks and clock a run reports through. */
export interface SyncRunOptions {
  readonly onAction?: ((action: SyncAction) => void) | undefined;
  readonly onProgress?: ((progress: SyncProgress) => void) | undefined;
  readonly clock?: (() => number) | undefined;
}

/** The tally of one run: counts, bytes, failures and the progress of the whole run. */
export class SyncRun {
  readonly #options: SyncRunOptions;
  readonly #clock: () => number;
  readonly #started: number;
  readonly #failures: SyncAction[] = [];
  readonly #counts = { upload: 0, download: 0, delete: 0, skip: 0, fail: 0 };
  #bytes = 0;
  #streamed = 0;
  #filesDone = 0;
  #filesTotal = 0;
  #bytesDone = 0;
  #bytesTotal = 0;
  #callbackError: { readonly error: unknown } | undefined;

  constructor(options: SyncRunOptions) {
    this.#options = options;
    this.#clock = options.clock ?? (() => performance.now());
    this.#started = this.#clock();
  }

  /** Adds files (and their bytes) to the run's totals, as they are known. */
  plan(files: number, bytes: number): void {
    this.#filesTotal += files;
    this.#bytesTotal += bytes;
    this.#emitProgress();
  }

  /**
   * Counts an action and tells `onAction`; the file is done, with `doneBytes` more of the run's bytes
   * (those not reported by `progress`), `transferredBytes` of them moved on the wire.
   */
  report(
    action: SyncAction,
    bytes: { readonly doneBytes?: number; readonly transferredBytes?: number } = {},
  ): void {
    this.#counts[action.kind] += 1;
    if (action.kind === 'fail') this.#failures.push(action);
    this.#callback(() => this.#options.onAction?.(action));
    this.#filesDone += 1;
    this.#bytesDone += bytes.doneBytes ?? 0;
    this.#bytes += bytes.transferredBytes ?? 0;
    this.#emitProgress();
  }

  /** Reports a failure with its typed error; the file counts as done, with `doneBytes` more of the run's. */
  fail(action: Omit<SyncAction, 'kind' | 'error'>, error: SyncError | Error, doneBytes = 0): void {
    this.report({ ...action, kind: 'fail', error, reason: action.reason ?? error.message }, { doneBytes });
  }

  /** Bytes of a transfer in progress (they count as done, and toward the rate). */
  progress(bytes: number): void {
    this.#streamed += bytes;
    this.#bytesDone += bytes;
    this.#emitProgress();
  }

  /** The first error thrown by `onAction` or `onProgress` (neither is called again after it). */
  get callbackError(): { readonly error: unknown } | undefined {
    return this.#callbackError;
  }

  /** The result so far. */
  result(): SyncResult {
    return {
      uploaded: this.#counts.upload,
      downloaded: this.#counts.download,
      deleted: this.#counts.delete,
      skipped: this.#counts.skip,
      failed: this.#counts.fail,
      bytes: this.#bytes,
      seconds: this.#seconds(),
      failures: [...this.#failures],
    };
  }

  #seconds(): number {
    return Math.max(0, (this.#clock() - this.#started) / 1000);
  }

  #emitProgress(): void {
    const onProgress = this.#options.onProgress;
    if (onProgress === undefined || this.#callbackError !== undefined) return;
    const seconds = this.#seconds();
    this.#callback(() =>
      onProgress({
        filesDone: this.#filesDone,
        filesTotal: this.#filesTotal,
        bytesDone: Math.min(this.#bytesDone, this.#bytesTotal),
        bytesTotal: this.#bytesTotal,
        bytesPerSecond: seconds > 0 ? this.#streamed / seconds : 0,
      }),
    );
  }

  /** Calls a user callback; its throw is kept for the end of the run, never taken for the file's failure. */
  #callback(call: () => void): void {
    if (this.#callbackError !== undefined) return;
    try {
      call();
    } catch (error) {
      this.#callbackError = { error };
    }
  }
}
