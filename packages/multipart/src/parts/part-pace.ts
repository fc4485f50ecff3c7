/** When a part is taking too long: `factor` times what the parts so far took for its size, at least `minMs`. */
export interface SlowPartOptions {
  /** @defaultValue 6 */
  readonly factor?: number | undefined;
  /** @defaultValue 10000 */
  readonly minMs?: number | undefined;
}

const SAMPLES = 16;
const MIN_SAMPLES = 2;

/**
 * How fast parts of one upload go (bytes per ms, the last few, each under the concurrency it ran with), and
 * so how long a part may take before it counts as a straggler on a link that crawls without stalling
 * (docs/adr/0013). No deadline until two parts have finished.
 */
export class PartPace {
  readonly #factor: number;
  readonly #minMs: number;
  readonly #rates: number[] = [];

  constructor(options: SlowPartOptions = {}) {
    this.#factor = options.factor ?? 6;
    this.#minMs = options.minMs ?? 10_000;
  }

  record(bytes: number, ms: number): void {
    if (bytes <= 0 || ms <= 0) return;
    this.#rates.push(bytes / ms);
    if (this.#rates.length > SAMPLES) this.#rates.shift();
  }

  /** The deadline of one attempt to send `bytes`, or undefined while there is too little to go on. */
  deadlineMs(bytes: number): number | undefined {
    if (this.#rates.length < MIN_SAMPLES) return undefined;
    const sorted = [...this.#rates].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    return Math.max(this.#minMs, Math.ceil((this.#factor * bytes) / median));
  }
}
