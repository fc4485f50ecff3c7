import { SERVER_ERROR_STATUS, type ServerErrorCode } from '../error-codes.ts';

/** Extra response headers and body fields of an error reply. */
export interface ServiceErrorExtras {
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Readonly<Record<string, string>>;
}

/** Thrown inside request handlers; turned into a JSON error reply by the request pipeline. */
export class ServiceError extends Error {
  override readonly name: string = 'ServiceError';
  readonly code: string;
  readonly status: number;
  readonly extras: ServiceErrorExtras;

  constructor(code: ServerErrorCode, message: string, extras: ServiceErrorExtras = {}) {
    super(message);
    this.code = code;
    this.status = SERVER_ERROR_STATUS[code];
    this.extras = extras;
  }

  /** An error with any code and status, for fault injection. */
  static custom(
    code: string,
    status: number,
    message: string,
    extras: ServiceErrorExtras = {},
  ): ServiceError {
    const error = new ServiceError('InternalError', message, extras);
    Object.assign(error, { code, status });
    return error;
  }
}
