/** A progress report. `confirmedBytes` never goes backwards; `sentBytes` drops back when a part is retried. */
export interface UploadProgress {
  /** Bytes of acknowledged parts plus bytes of the current attempt of each part in flight. */
  readonly sentBytes: number;
  /** Bytes of parts the server acknowledged with the right ETag, reused parts included. */
  readonly confirmedBytes: number;
  /** Undefined for a stream of unknown size until it ends. */
  readonly totalBytes: number | undefined;
  /** Every byte written to sockets, retries included. */
  readonly wireBytes: number;
  readonly partsInFlight: number;
  /** How many parts may be in flight now; it drops when the server throttles (`adaptiveConcurrency`). */
  readonly concurrency: number;
  /** Parts sent again so far: every retry of the transport (refused attempts included) and every resend. */
  readonly retries: number;
  /**
   * Smoothed rate of `wireBytes`: what the link carries now. Never negative: a retry, which sets `sentBytes`
   * back, and parts reused on resume, which `sentBytes` counts at once, do not move it.
   */
  readonly bytesPerSecond: number;
  readonly etaSeconds: number | undefined;
  /**
   * `completing` once every part is confirmed and Complete is under way (with the HEAD that settles a lost
   * answer): the object does not exist yet, however full the bar. The upload is done when `done()` resolves.
   */
  readonly phase: 'sending' | 'completing';
}

/** Per-part events: a part starts, is retried (by the transport or after a checksum mismatch), is done, or was reused on resume. */
export interface PartEvent {
  readonly partNumber: number;
  readonly size: number;
  readonly state: 'started' | 'retried' | 'done' | 'reused';
}

const EMIT_INTERVAL_MS = 100;
const SMOOTHING = 0.3;
// A report forced sooner than this after the last rate sample (a part done, Complete started) keeps the rate:
// bytes over a few milliseconds say nothing of the link.
const MIN_RATE_SPAN_MS = 50;

/** Counts bytes for progress reports and throttles them to one per 100 ms (plus one per finished part). */
export class ProgressTracker {
  #confirmed = 0;
  #wire = 0;
  #retries = 0;
  #rate = 0;
  #lastEmit = 0;
  // When the rate was last sampled, and the wire bytes then.
  #rateSince = 0;
  #rateWire = 0;
  #total: number | undefined;
  #concurrency = 0;
  #phase: UploadProgress['phase'] = 'sending';
  // Bytes of the current attempt of each part in flight.
  readonly #inFlight = new Map<number, number>();
  readonly #onProgress: ((progress: UploadProgress) => void) | undefined;
  readonly #onPart: ((event: PartEvent) => void) | undefined;
  readonly #now: () => number;

  constructor(options: {
    total: number | undefined;
    onProgress?: ((progress: UploadProgress) => void) | undefined;
    onPart?: ((event: PartEvent) => void) | undefined;
    now?: () => number;
  }) {
    this.#total = options.total;
    this.#onProgress = options.onProgress;
    this.#onPart = options.onPart;
    this.#now = options.now ?? Date.now;
    this.#lastEmit = this.#now();
    this.#rateSince = this.#lastEmit;
  }

  get retries(): number {
    return this.#retries;
  }

  get wireBytes(): number {
    return this.#wire;
  }

  set total(total: number | undefined) {
    this.#total = total;
  }

  set concurrency(limit: number) {
    this.#concurrency = limit;
  }

  reused(partNumber: number, size: number): void {
    this.#confirmed += size;
    this.#onPart?.({ partNumber, size, state: 'reused' });
  }

  started(partNumber: number, size: number): void {
    this.#inFlight.set(partNumber, 0);
    this.#onPart?.({ partNumber, size, state: 'started' });
  }

  /**
   * The part is sent again: the transport retries it, or the engine resends it (checksum mismatch, too slow).
   * Counted here rather than from the bytes of the next attempt, because a refused attempt that asked first
   * (`Expect: 100-continue`) sends no body bytes.
   */
  retried(partNumber: number, size: number): void {
    if (this.#inFlight.has(partNumber)) this.#inFlight.set(partNumber, 0);
    this.#retries++;
    this.#onPart?.({ partNumber, size, state: 'retried' });
  }

  sent(partNumber: number, delta: number): void {
    this.#inFlight.set(partNumber, (this.#inFlight.get(partNumber) ?? 0) + delta);
    this.#wire += delta;
    this.#maybeEmit(false);
  }

  done(partNumber: number, size: number): void {
    this.#inFlight.delete(partNumber);
    this.#confirmed += size;
    this.#onPart?.({ partNumber, size, state: 'done' });
    this.#maybeEmit(true);
  }

  /** Every part is confirmed and Complete is sent: reported at once. */
  completing(): void {
    this.#phase = 'completing';
    this.#maybeEmit(true);
  }

  /** A part that was in flight when the upload stopped. */
  dropped(partNumber: number): void {
    this.#inFlight.delete(partNumber);
  }

  snapshot(): UploadProgress {
    let inFlightBytes = 0;
    for (const bytes of this.#inFlight.values()) inFlightBytes += bytes;
    const sentBytes = this.#confirmed + inFlightBytes;
    const remaining = this.#total === undefined ? undefined : Math.max(0, this.#total - sentBytes);
    return {
      sentBytes,
      confirmedBytes: this.#confirmed,
      totalBytes: this.#total,
      wireBytes: this.#wire,
      partsInFlight: this.#inFlight.size,
      concurrency: this.#concurrency,
      retries: this.#retries,
      bytesPerSecond: Math.round(this.#rate),
      etaSeconds: remaining === undefined || this.#rate <= 0 ? undefined : remaining / this.#rate,
      phase: this.#phase,
    };
  }

  #maybeEmit(force: boolean): void {
    const now = this.#now();
    if (!force && now - this.#lastEmit < EMIT_INTERVAL_MS) return;
    const span = now - this.#rateSince;
    if (span >= MIN_RATE_SPAN_MS) {
      const instant = ((this.#wire - this.#rateWire) * 1000) / span;
      this.#rate = this.#rate === 0 ? instant : SMOOTHING * instant + (1 - SMOOTHING) * this.#rate;
      this.#rateSince = now;
      this.#rateWire = this.#wire;
    }
    this.#lastEmit = now;
    this.#onProgress?.(this.snapshot());
  }
}
