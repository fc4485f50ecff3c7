import { hasMarker, markError, TransportError } from './transport-error.ts';

/** One failed attempt of a logical request. */
export interface FailedAttempt {
  /** 1-based attempt number. */
  readonly attempt: number;
  readonly error: TransportError;
  /** How long the transport waited before the next attempt (0 for the last one). */
  readonly delayMs: number;
}

/** Every attempt failed with a retryable error, or the retry budget (attempts or deadline) ran out. */
export class RetriesExhaustedError extends TransportError {
  override readonly name: string = 'RetriesExhaustedError';
  readonly attempts: readonly FailedAttempt[];

  constructor(operation: string, attempts: readonly FailedAttempt[], why: string) {
    const last = attempts.at(-1)?.error;
    super(
      'TRANSPORT_RETRIES_EXHAUSTED',
      `${operation} failed after ${attempts.length} attempt(s) (${why}); last error: ${last?.message ?? 'none'}`,
      { cause: last },
    );
    this.attempts = attempts;
    markError(this, 'RetriesExhaustedError');
  }

  /** The error of the final attempt. */
  get lastError(): TransportError | undefined {
    return this.attempts.at(-1)?.error;
  }

  static override isInstance(value: unknown): value is RetriesExhaustedError {
    return hasMarker(value, 'RetriesExhaustedError');
  }
}
