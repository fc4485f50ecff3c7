import { InvalidRequestError } from './errors.ts';
import { sleep } from './request-scope.ts';

const KiB = 1024;

/**
 * A cap on the bytes per second that request bodies may be written at, shared by every request (and every
 * upload) that is given the same object. The adapters write a limited body in slices of `sliceBytes`,
 * awaiting `take` before each one.
 */
export interface RateLimit {
  readonly bytesPerSecond: number;
  /** The size of the slices a limited body is written in: small enough that the rate stays smooth. */
  readonly sliceBytes: number;
  /**
   * Resolves once `bytes` more may be written. Callers are served in the order they asked; an aborted
   * wait rejects with `signal.reason` and gives its share back.
   */
  take(bytes: number, signal?: AbortSignal): Promise<void>;
}

/** Options of {@link createRateLimit}. */
export interface RateLimitOptions {
  /** The cap, in bytes per second. */
  readonly bytesPerSecond: number;
  /** How far ahead of the rate a writer may get after an idle spell. @defaultValue one slice */
  readonly burstBytes?: number | undefined;
  /** Injected for tests: the clock in ms. @defaultValue performance.now */
  readonly now?: (() => number) | undefined;
}

function positive(value: number | undefined, name: string): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0))
    throw new InvalidRequestError(`${name} must be a positive number of bytes, not ${String(value)}`);
}

/**
 * Creates a {@link RateLimit}: a token bucket kept as a virtual clock, so that many parts sending at once
 * share the rate in the order they asked, and the bytes written by any time t never exceed
 * `burstBytes + bytesPerSecond × t`.
 */
export function createRateLimit(options: RateLimitOptions): RateLimit {
  positive(options.bytesPerSecond, 'bytesPerSecond');
  positive(options.burstBytes, 'burstBytes');
  const { bytesPerSecond } = options;
  // A slice is at most 64 KiB and at most 1/16 s of the rate (at least 1 KiB), so slow caps stay smooth.
  const sliceBytes = Math.max(KiB, Math.min(64 * KiB, Math.floor(bytesPerSecond / 16)));
  const burstMs = ((options.burstBytes ?? sliceBytes) * 1000) / bytesPerSecond;
  const now = options.now ?? (() => performance.now());
  // The time at which every byte granted so far would have been written at exactly the rate.
  let paidUntil = Number.NEGATIVE_INFINITY;
  const never = new AbortController().signal;
  return {
    bytesPerSecond,
    sliceBytes,
    async take(bytes, signal = never) {
      if (signal.aborted) throw signal.reason;
      const at = now();
      const costMs = (bytes * 1000) / bytesPerSecond;
      // After an idle spell the clock restarts at now: unused time is not saved up beyond the burst.
      paidUntil = Math.max(paidUntil, at) + costMs;
      const dueAt = paidUntil - burstMs;
      if (dueAt <= at) return;
      try {
        // A timer can fire a little early against this clock (Node counts whole ms of a cached loop time):
        // the rest is waited out, so that bytes are never granted before they are due.
        for (let waitMs = dueAt - at; waitMs > 0; waitMs = dueAt - now()) await sleep(waitMs, signal);
      } catch (error) {
        paidUntil -= costMs;
        throw error;
      }
    },
  };
}
