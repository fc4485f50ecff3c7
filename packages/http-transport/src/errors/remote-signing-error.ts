import { hasMarker, markError, TransportError } from './transport-error.ts';

/**
 * The signing server (see `createRemoteSigner`) did not sign an attempt: `status` is its HTTP answer, or
 * undefined when it could not be reached. Retryable when unreachable, 429 or 5xx; a refusal (403) is not.
 */
export class RemoteSigningError extends TransportError {
  override readonly name: string = 'RemoteSigningError';
  readonly status: number | undefined;

  constructor(message: string, status: number | undefined, options?: ErrorOptions) {
    super('TRANSPORT_REMOTE_SIGNING', message, options);
    this.status = status;
    markError(this, 'RemoteSigningError');
  }

  static override isInstance(value: unknown): value is RemoteSigningError {
    return hasMarker(value, 'RemoteSigningError');
  }
}
