import type { ServiceError } from './errors/service-error.ts';
import { isRetryableError } from './is-retryable.ts';

/**
 * How an attempt failed: `throttled` (the server asks for fewer requests: 503, 429 or the JSS code
 * `SlowDown` on any status), `transient` (worth another try: what {@link isRetryableError} accepts) or
 * `fatal` (sending the same request again will not help).
 */
export type FailureClass = 'throttled' | 'transient' | 'fatal';

/**
 * The one place that says what a failure means for whoever schedules requests (docs/adr/0032): a throttled
 * answer should lower the load, a transient failure only costs a retry. Works on any value and reads the
 * stable `code`, as {@link isRetryableError} does.
 */
export function classifyFailure(error: unknown): FailureClass {
  if (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === 'TRANSPORT_SERVICE_ERROR'
  ) {
    const { status, serviceCode } = error as ServiceError;
    if (status === 503 || status === 429 || serviceCode === 'SlowDown') return 'throttled';
  }
  return isRetryableError(error) ? 'transient' : 'fatal';
}
