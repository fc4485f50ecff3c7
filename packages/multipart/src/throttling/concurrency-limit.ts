/** A permit to have one part in flight; `window` tells which limit it was taken under. */
export interface ConcurrencyPermit {
  readonly window: number;
  /**
   * Since a throttle, the limit was above the most parts in flight that the server has taken when this
   * permit was granted: the limit is probing upward, and the server may well refuse this part (whichever of
   * the parts in flight reaches it last). Such a part should ask before its body.
   */
  readonly probe: boolean;
  release(): void;
}

/**
 * How many parts may be in flight, adapted AIMD-style (docs/adr/0010): a throttling answer halves the limit
 * (at most once per window: answers to parts started before the last cut are old news), and every `limit`
 * parts acknowledged in a row without one raise it by one, back up to the configured ceiling. While a
 * throttled part waits to be sent again ({@link ConcurrencyLimit.holdGrowth}), the limit does not grow, and
 * its retry takes the next free permit before new parts: a probe upward never races the part it would
 * throttle again. Without `adaptive`, the limit stays at the ceiling.
 */
export class ConcurrencyLimit {
  readonly #ceiling: number;
  readonly #adaptive: boolean;
  readonly #onChange: (limit: number) => void;
  readonly #waiters: (() => void)[] = [];
  #limit: number;
  // Throttled parts whose retry the server has not taken yet (holdGrowth).
  #holds = 0;
  // Since the last cut: the most parts in flight that the server took (a permit's position, acknowledged).
  #proven: number;
  // How many parts were in flight once each permit was granted.
  readonly #positions = new WeakMap<ConcurrencyPermit, number>();
  #inFlight = 0;
  #window = 0;
  #streak = 0;
  #throttles = 0;
  // Parts acknowledged since the last throttling answer.
  #calm = 0;
  #lowest: number;

  constructor(ceiling: number, adaptive: boolean, onChange: (limit: number) => void = () => undefined) {
    this.#ceiling = ceiling;
    this.#adaptive = adaptive;
    this.#onChange = onChange;
    this.#limit = ceiling;
    this.#lowest = ceiling;
    this.#proven = ceiling;
  }

  get ceiling(): number {
    return this.#ceiling;
  }

  get limit(): number {
    return this.#limit;
  }

  /** The lowest the limit has been. */
  get lowest(): number {
    return this.#lowest;
  }

  /** Throttling answers seen, each attempt counted. */
  get throttles(): number {
    return this.#throttles;
  }

  /**
   * Whether the server throttled since the last `ceiling` parts acknowledged in a row. While it holds, parts
   * ask before sending their body (`Expect: 100-continue`), so that a refusal costs a round trip, not a part.
   */
  get recentlyThrottled(): boolean {
    return this.#throttles > 0 && this.#calm < this.#ceiling;
  }

  /**
   * Waits until fewer than `limit` parts are in flight; rejects with `signal.reason` when aborted. With
   * `retry`, the caller waits ahead of every other: a throttled part's next attempt goes before new parts.
   */
  async acquire(signal: AbortSignal, options: { readonly retry?: boolean } = {}): Promise<ConcurrencyPermit> {
    while (this.#inFlight >= this.#limit) {
      signal.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const index = this.#waiters.indexOf(wake);
          if (index !== -1) this.#waiters.splice(index, 1);
          reject(signal.reason);
        };
        const wake = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        if (options.retry === true) this.#waiters.unshift(wake);
        else this.#waiters.push(wake);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    signal.throwIfAborted();
    const position = ++this.#inFlight;
    let released = false;
    const permit: ConcurrencyPermit = {
      window: this.#window,
      probe: this.#throttles > 0 && this.#limit > this.#proven,
      release: () => {
        if (released) return;
        released = true;
        this.#inFlight--;
        this.#wake();
      },
    };
    this.#positions.set(permit, position);
    return permit;
  }

  /** An attempt of a part taken under `window` was throttled; without a window it is only counted. */
  throttled(window?: number): void {
    this.#throttles++;
    this.#calm = 0;
    if (!this.#adaptive || window !== this.#window) return;
    this.#window++;
    this.#streak = 0;
    this.#set(Math.max(1, Math.floor(this.#limit / 2)));
    this.#proven = this.#limit;
  }

  /**
   * A part was throttled and will be sent again: until the returned function is called (once the server has
   * taken that part's retry, or the part is done or given up), the limit does not grow. Growing then would
   * start a new part beside the retry, and against a server that allows just `limit` in flight, one of the
   * two would be refused again: the same part could lose every attempt the transport allows.
   */
  holdGrowth(): () => void {
    this.#holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds--;
    };
  }

  /** A part was acknowledged; with its permit, what it shows the server takes is remembered. */
  succeeded(permit?: ConcurrencyPermit): void {
    this.#calm++;
    // Only a permit granted since the last cut tells what the server takes now.
    const position = permit?.window === this.#window ? this.#positions.get(permit) : undefined;
    if (position !== undefined) this.#proven = Math.max(this.#proven, position);
    if (!this.#adaptive || this.#limit >= this.#ceiling || this.#holds > 0) return;
    if (++this.#streak < this.#limit) return;
    this.#streak = 0;
    this.#set(this.#limit + 1);
  }

  #set(limit: number): void {
    if (limit === this.#limit) return;
    this.#limit = limit;
    this.#lowest = Math.min(this.#lowest, limit);
    this.#onChange(limit);
    this.#wake();
  }

  #wake(): void {
    for (let free = this.#limit - this.#inFlight; free > 0 && this.#waiters.length > 0; free--) {
      this.#waiters.shift()?.();
    }
  }
}
