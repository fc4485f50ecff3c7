/** Stable codes of {@link LocalServerError}. */
export type LocalServerErrorCode =
  | 'LOCAL_SERVER_INSECURE_BIND'
  | 'LOCAL_SERVER_INVALID_OPTIONS'
  | 'LOCAL_SERVER_DATA_DIR';

const MARKER = Symbol.for('jsskit.local-server.LocalServerError');

/** The server could not start as asked. Request-level problems are JSS error responses, never this. */
export class LocalServerError extends Error {
  override readonly name: string = 'LocalServerError';
  readonly code: LocalServerErrorCode;

  constructor(code: LocalServerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** Cross-copy-safe type guard; prefer it over `instanceof`. */
  static isInstance(value: unknown): value is LocalServerError {
    return typeof value === 'object' && value !== null && MARKER in value;
  }
}
