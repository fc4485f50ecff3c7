/** Stable codes of {@link ClientError}, for programs to branch on. */
export type ClientErrorCode =
  | 'CLIENT_INVALID_OPTIONS'
  | 'CLIENT_PAGING_STALLED'
  | 'CLIENT_ETAG_MISMATCH'
  | 'CLIENT_CHECKSUM_UNAVAILABLE'
  | 'CLIENT_CHECKSUM_MISMATCH';

const MARKER = Symbol.for('jsskit.client.ClientError');

/**
 * What this package finds wrong itself: options refused before anything is sent, a listing whose server
 * says there is more without moving on, an object stored with an ETag other than the one its bytes give, a
 * body read with `checkMd5` whose bytes are not the ones its ETag names (or whose ETag names no MD5).
 * Failures of the request itself are the transport's errors (`ServiceError`, `TimeoutError`...).
 */
export class ClientError extends Error {
  override readonly name: string = 'ClientError';
  readonly code: ClientErrorCode;

  constructor(code: ClientErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** Cross-copy-safe type guard; prefer it over `instanceof`. */
  static isInstance(value: unknown): value is ClientError {
    return typeof value === 'object' && value !== null && MARKER in value;
  }
}
