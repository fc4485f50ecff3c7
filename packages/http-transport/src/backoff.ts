/** How retries are spaced and bounded. */
export interface RetryOptions {
  /** Attempts in all, the first included. @defaultValue 5 */
  readonly maxAttempts: number;
  /** The backoff cap grows from this: attempt n waits up to `baseDelayMs * 2^(n-1)`. @defaultValue 200 */
  readonly baseDelayMs: number;
  /** The longest wait between attempts. @defaultValue 20000 */
  readonly maxDelayMs: number;
  /** The longest Retry-After honoured; a longer one ends the retries. @defaultValue 60000 */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/**
 * "Full jitter" backoff: a uniform wait between 0 and the capped exponential bound, which spreads the
 * retries of many parts that failed together. A Retry-After from the server is a floor.
 */
export function backoffDelay(
  failedAttempt: number,
  retry: RetryOptions,
  chance: { readonly random: () => number; readonly retryAfterMs: number | undefined },
): number {
  const { random, retryAfterMs } = chance;
  const bound = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failedAttempt - 1));
  const jittered = Math.floor(random() * bound);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

/** Retry-After as delay-seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
