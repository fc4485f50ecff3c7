/** Stable codes of every error this package throws, for programs to branch on. */
export type TransportErrorCode =
  | 'TRANSPORT_SERVICE_ERROR'
  | 'TRANSPORT_TIMEOUT'
  | 'TRANSPORT_NETWORK'
  | 'TRANSPORT_ABORTED'
  | 'TRANSPORT_RETRIES_EXHAUSTED'
  | 'TRANSPORT_INVALID_REQUEST'
  | 'TRANSPORT_INVALID_RESPONSE'
  | 'TRANSPORT_REMOTE_SIGNING';

import { isRetryableError } from '../is-retryable.ts';

const MARKER = Symbol.for('jsskit.http-transport.TransportError');

/**
 * The base of every error of this package. `isRetryable` tells whether sending the same request again may
 * succeed; it is computed in one place ({@link isRetryableError}). Messages name the operation, never a
 * credential, signature or Authorization header.
 */
export class TransportError extends Error {
  override readonly name: string = 'TransportError';
  readonly code: TransportErrorCode;

  constructor(code: TransportErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** Whether the same request, sent again, may succeed (see {@link isRetryableError}). */
  get isRetryable(): boolean {
    return isRetryableError(this);
  }

  /** Cross-copy-safe type guard; prefer it over `instanceof`. */
  static isInstance(value: unknown): value is TransportError {
    return typeof value === 'object' && value !== null && MARKER in value;
  }
}

/** Adds a class-specific `Symbol.for` marker so `isInstance` works across copies of the package. */
export function markError(error: Error, name: string): void {
  Object.defineProperty(error, Symbol.for(`jsskit.http-transport.${name}`), { value: true });
}

/** The guard behind each subclass's static `isInstance`. */
export function hasMarker(value: unknown, name: string): boolean {
  return typeof value === 'object' && value !== null && Symbol.for(`jsskit.http-transport.${name}`) in value;
}
