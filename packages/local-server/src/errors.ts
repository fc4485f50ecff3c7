/** Stable codes of {@link LocalServerError}. */
export type LocalServerErrorCode =
  | 'LOCAL_SERVER_INSECURE_BIND'
  | 'LOCAL_SERVER_INVALID_OPTIONS'
  | 'LOCAL_SERVER_DATA_DIR'
  | 'LOCAL_SERVER_DATA_DIR_LOCKED';

/** Who holds a data directory (`lock.json`): the process, its host, and the endpoint it serves. */
export interface DataDirLockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  /** The endpoint the holder serves, once it listens. */
  readonly endpoint?: string | undefined;
}

const MARKER = Symbol.for('jsskit.local-server.LocalServerError');

/** The server could not start as asked. Request-level problems are JSS error responses, never this. */
export class LocalServerError extends Error {
  override readonly name: string = 'LocalServerError';
  readonly code: LocalServerErrorCode;
  /** With `LOCAL_SERVER_DATA_DIR_LOCKED`: who holds the data directory. */
  readonly holder: DataDirLockHolder | undefined;

  constructor(
    code: LocalServerErrorCode,
    message: string,
    options?: ErrorOptions & { readonly holder?: DataDirLockHolder },
  ) {
    super(message, options);
    this.code = code;
    this.holder = options?.holder;
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** Cross-copy-safe type guard; prefer it over `instanceof`. */
  static isInstance(value: unknown): value is LocalServerError {
    return typeof value === 'object' && value !== null && MARKER in value;
  }
}
