import { MAX_CLOCK_SKEW_MS } from '@jsskit/signer';
import { backoffDelay, parseRetryAfter, type RetryOptions } from './backoff.ts';
import { ServiceError, type TransportError } from './errors.ts';

/** The wait before the next attempt, or why there is none. */
export type RetryDecision = { readonly delayMs: number } | { readonly stop: string };

/** What the policy needs to know besides the error. */
export interface RetryContext {
  readonly retry: RetryOptions;
  readonly now: number;
  readonly random: () => number;
  readonly deadlineAt: number;
}

/** The wait after a retryable failure of attempt `attempt`, or why the retries end here. */
export function decideRetry(error: TransportError, attempt: number, context: RetryContext): RetryDecision {
  const { retry } = context;
  if (attempt >= retry.maxAttempts) return { stop: `${retry.maxAttempts} attempts allowed` };
  const retryAfterMs = ServiceError.isInstance(error)
    ? parseRetryAfter(error.headers['retry-after'], context.now)
    : undefined;
  if (retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs) {
    return { stop: `Retry-After of ${retryAfterMs} ms is over the ${retry.maxRetryAfterMs} ms allowed` };
  }
  const delayMs = backoffDelay(attempt, retry, { random: context.random, retryAfterMs });
  if (context.now + delayMs >= context.deadlineAt) {
    return { stop: 'the deadline would pass before the next attempt' };
  }
  return { delayMs };
}

/**
 * The server clock offset an error reveals, or undefined. RequestTimeTooSkewed (403, or 400 as the error
 * list has it) tells it outright, and so does ExpiredToken, which a URL signed by a slow clock gets; a
 * body-less 400/403 (HEAD) whose Date is beyond the allowed skew from the clock in use tells it too.
 */
export function readClockOffset(
  error: TransportError,
  now: number,
  currentOffset: number,
): number | undefined {
  if (!ServiceError.isInstance(error) || (error.status !== 403 && error.status !== 400)) return undefined;
  const serverTime = Date.parse(error.headers.date ?? '');
  if (Number.isNaN(serverTime)) return undefined;
  const offset = serverTime - now;
  const isSkew =
    error.serviceCode === 'RequestTimeTooSkewed' ||
    error.serviceCode === 'ExpiredToken' ||
    (error.serviceCode === undefined && Math.abs(offset - currentOffset) > MAX_CLOCK_SKEW_MS);
  return isSkew ? offset : undefined;
}
