import { RetriesExhaustedError, ServiceError, TransportError } from '@jsskit/http-transport';
import { LocalServerError } from '@jsskit/local-server';
import { MultipartError } from '@jsskit/multipart';

/** Exit codes: scripts can tell a typo from a refusal, an outage, a bad copy and a Ctrl-C. */
export const EXIT = {
  ok: 0,
  /** Anything else: a bug or an unexpected system error. */
  failure: 1,
  /** Bad arguments or options; nothing was sent. */
  usage: 2,
  /** The service answered with an error (403, 404, 409...). */
  service: 3,
  /** The endpoint could not be reached or stopped answering (after retries). */
  network: 4,
  /** Bytes did not match their checksum, or the source changed under a resume. */
  integrity: 5,
  /** Stopped by Ctrl-C or SIGTERM; an upload or download is resumable by running the same command again. */
  interrupted: 130,
} as const;

/** A mistake in the command line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'CLI_USAGE';
}

/** The command was interrupted by a signal. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  readonly code = 'CLI_INTERRUPTED';
}

/** A check of the showcase or of a copy failed. */
export class CheckFailedError extends Error {
  override readonly name = 'CheckFailedError';
  readonly code = 'CLI_CHECK_FAILED';
}

/** What went wrong, for one line on stderr and the exit code; never a stack trace, never a secret. */
export interface ErrorReport {
  readonly exitCode: number;
  readonly code: string;
  readonly message: string;
}

function innermost(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 8; depth++) {
    if (RetriesExhaustedError.isInstance(current)) current = current.lastError;
    else if (MultipartError.isInstance(current) && current.cause !== undefined) current = current.cause;
    else return current;
  }
  return current;
}

/** The cause's message after what failed, unless the engine's message already carries it. */
function withCause(error: unknown, cause: string): string {
  if (!MultipartError.isInstance(error)) return cause;
  return error.message.includes(cause) ? error.message : `${error.message}: ${cause}`;
}

function serviceReport(error: unknown, cause: ServiceError): ErrorReport {
  const code = cause.serviceCode ?? `HTTP_${cause.status}`;
  return { exitCode: EXIT.service, code, message: withCause(error, cause.message) };
}

/** Maps any error to an exit code and a one-line message. */
export function reportError(error: unknown): ErrorReport {
  if (error instanceof UsageError) return { exitCode: EXIT.usage, code: error.code, message: error.message };
  if (error instanceof InterruptedError)
    return { exitCode: EXIT.interrupted, code: error.code, message: error.message };
  if (error instanceof CheckFailedError)
    return { exitCode: EXIT.integrity, code: error.code, message: error.message };
  const cause = innermost(error);
  if (MultipartError.isInstance(error)) {
    if (error.code === 'MULTIPART_ABORTED')
      return { exitCode: EXIT.interrupted, code: error.code, message: error.message };
    if (error.code === 'MULTIPART_CHECKSUM_MISMATCH' || error.code === 'MULTIPART_SOURCE_CHANGED')
      return { exitCode: EXIT.integrity, code: error.code, message: error.message };
    if (error.code === 'MULTIPART_INVALID_OPTIONS' || error.code === 'MULTIPART_TOO_LARGE')
      return { exitCode: EXIT.usage, code: error.code, message: error.message };
  }
  if (ServiceError.isInstance(cause)) return serviceReport(error, cause);
  if (TransportError.isInstance(cause)) {
    const message = withCause(error, cause.message);
    if (cause.code === 'TRANSPORT_INVALID_REQUEST')
      return { exitCode: EXIT.usage, code: cause.code, message };
    const hint = cause.code === 'TRANSPORT_ABORTED' ? '' : ' (is the endpoint right and reachable?)';
    return { exitCode: EXIT.network, code: cause.code, message: `${message}${hint}` };
  }
  if (MultipartError.isInstance(error))
    return { exitCode: EXIT.failure, code: error.code, message: error.message };
  if (LocalServerError.isInstance(error))
    return { exitCode: EXIT.failure, code: error.code, message: error.message };
  const system = error as NodeJS.ErrnoException;
  if (typeof system?.code === 'string' && typeof system.message === 'string')
    return { exitCode: EXIT.failure, code: system.code, message: system.message };
  return {
    exitCode: EXIT.failure,
    code: 'CLI_UNEXPECTED',
    message: String((error as Error)?.message ?? error),
  };
}
