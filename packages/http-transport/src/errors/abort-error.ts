import { hasMarker, markError, TransportError } from './transport-error.ts';

/** The caller's AbortSignal fired; `reason` is `signal.reason`, kept as it was given. */
export class AbortError extends TransportError {
  override readonly name: string = 'AbortError';
  readonly reason: unknown;

  constructor(operation: string, reason: unknown) {
    super('TRANSPORT_ABORTED', `${operation} was aborted`, { cause: reason });
    this.reason = reason;
    markError(this, 'AbortError');
  }

  static override isInstance(value: unknown): value is AbortError {
    return hasMarker(value, 'AbortError');
  }
}
