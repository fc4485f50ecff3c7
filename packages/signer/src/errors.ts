/** Stable codes of {@link SignerError}, for programs to branch on. */
export type SignerErrorCode =
  | 'SIGNER_INVALID_CREDENTIALS'
  | 'SIGNER_INVALID_REQUEST'
  | 'SIGNER_INVALID_EXPIRY'
  | 'SIGNER_SYNC_UNSUPPORTED'
  /** A remote signing request that the signing server's policy refused. */
  | 'SIGNER_REFUSED';

const MARKER = Symbol.for('jsskit.signer.SignerError');

/**
 * Thrown when a request cannot be signed: bad credentials, a request with no method, an expiry in the past,
 * a synchronous call with an asynchronous HMAC, or a remote signing request refused. Messages never contain
 * a secret.
 */
export class SignerError extends Error {
  override readonly name: string = 'SignerError';
  readonly code: SignerErrorCode;
  constructor(code: SignerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** Cross-copy-safe type guard; prefer it over `instanceof`. */
  static isInstance(value: unknown): value is SignerError {
    return typeof value === 'object' && value !== null && MARKER in value;
  }
}
