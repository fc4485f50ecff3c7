import { NetworkError, TransportError } from '../errors.ts';

/** Any failure of an attempt as a typed error: an abort's reason, or a NetworkError around the cause. */
export function toTransportError(error: unknown, signal: AbortSignal, operation: string): TransportError {
  if (signal.aborted && TransportError.isInstance(signal.reason)) return signal.reason;
  if (TransportError.isInstance(error)) return error;
  return new NetworkError(operation, error);
}
