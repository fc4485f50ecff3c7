import { hasMarker, markError, TransportError } from './transport-error.ts';

/** The request cannot be sent as given (bad endpoint, bucket, header or body). Nothing was sent. */
export class InvalidRequestError extends TransportError {
  override readonly name: string = 'InvalidRequestError';

  constructor(message: string, options?: ErrorOptions) {
    super('TRANSPORT_INVALID_REQUEST', message, options);
    markError(this, 'InvalidRequestError');
  }

  static override isInstance(value: unknown): value is InvalidRequestError {
    return hasMarker(value, 'InvalidRequestError');
  }
}

/** A 2xx response whose body could not be read as asked (JSON expected, something else came). */
export class InvalidResponseError extends TransportError {
  override readonly name: string = 'InvalidResponseError';

  constructor(message: string, options?: ErrorOptions) {
    super('TRANSPORT_INVALID_RESPONSE', message, options);
    markError(this, 'InvalidResponseError');
  }

  static override isInstance(value: unknown): value is InvalidResponseError {
    return hasMarker(value, 'InvalidResponseError');
  }
}
