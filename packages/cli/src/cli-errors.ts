import { ClientError, type ClientErrorCode } from '@jsskit/client';
import { AbortError, InvalidResponseError, ServiceError, TransportError } from '@jsskit/http-transport';
import { LocalServerError } from '@jsskit/local-server';
import { MultipartError } from '@jsskit/multipart';
import { SyncError } from '@jsskit/sync';
import { WireParseError } from '@jsskit/wire-types';
import { describeFailure, endpointOrigin, innermostCause } from './error-message.ts';

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

/**
 * Some files of a directory run (`sync`, `cp -r`, `rm -r`) failed while the others went through: exit 3 when
 * one of them was refused by the service, 1 otherwise (a local file, a name JSS refuses). Each failure was
 * printed on its own line as it happened.
 */
export class PartialFailureError extends Error {
  override readonly name = 'PartialFailureError';
  readonly code = 'CLI_PARTIAL_FAILURE';
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }

  static isInstance(value: unknown): value is PartialFailureError {
    return value instanceof PartialFailureError;
  }
}

/** What went wrong, for one line on stderr and the exit code; never a stack trace, never a secret. */
export interface ErrorReport {
  readonly exitCode: number;
  readonly code: string;
  readonly message: string;
}

/** What the report knows beyond the error: the endpoint it was sent to, for a message that names it. */
export interface ReportContext {
  readonly endpoint?: string | undefined;
}

// Refusals before anything was sent: a bad option, an object too large, the same upload or the same
// embedded store held by another process.
const USAGE_CODES = new Set([
  'MULTIPART_INVALID_OPTIONS',
  'MULTIPART_TOO_LARGE',
  'MULTIPART_LOCKED',
  'LOCAL_SERVER_DATA_DIR_LOCKED',
  'LOCAL_SERVER_INSECURE_BIND',
  'LOCAL_SERVER_INVALID_OPTIONS',
]);
const INTEGRITY_CODES = new Set(['MULTIPART_CHECKSUM_MISMATCH', 'MULTIPART_SOURCE_CHANGED']);

// The client's own refusals: options it refuses before sending (a key too long), a server that pages without
// moving on (the endpoint is at fault, as for an answer that is not JSS's), bytes stored or read with another
// ETag, or a read whose ETag gives nothing to check against.
const CLIENT_EXIT_CODES: Record<ClientErrorCode, number> = {
  CLIENT_INVALID_OPTIONS: EXIT.usage,
  CLIENT_PAGING_STALLED: EXIT.network,
  CLIENT_ETAG_MISMATCH: EXIT.integrity,
  CLIENT_CHECKSUM_MISMATCH: EXIT.integrity,
  CLIENT_CHECKSUM_UNAVAILABLE: EXIT.integrity,
};

/** The exit code an engine or server error has by its own code alone, if any. */
function exitCodeOf(error: MultipartError | LocalServerError): number | undefined {
  if (error.code === 'MULTIPART_ABORTED') return EXIT.interrupted;
  if (INTEGRITY_CODES.has(error.code)) return EXIT.integrity;
  if (USAGE_CODES.has(error.code)) return EXIT.usage;
  return undefined;
}

/**
 * A JSON answer that is not JSON or not of the operation's shape, a 2xx object answer without an ETag, or an
 * error answer (3xx, 4xx, 5xx) that is not JSS's: no JSS error body (no code) and no `x-jss-request-id`, which
 * JSS sends on every answer, a HEAD's included. A page below 500 with a body that is not a JSS error is not JSS
 * either, request id or not. A 5xx or a HEAD's 404 without a body but with the header is the service's.
 */
function isNotJss(cause: unknown): boolean {
  if (WireParseError.isInstance(cause) || InvalidResponseError.isInstance(cause)) return true;
  if (!ServiceError.isInstance(cause) || cause.serviceCode !== undefined) return false;
  const page = cause.bodySnippet !== undefined && cause.status < 500;
  return page || cause.headers['x-jss-request-id'] === undefined;
}

function notJssReport(cause: Error, endpoint: string | undefined): ErrorReport {
  let what = cause.message;
  if (ServiceError.isInstance(cause)) {
    // `GET /b failed with 301 HTTP 301` says the status twice: `GET /b answered 301`.
    const head = cause.message.replace(/ failed with (\d+) HTTP \1\b.*$/, ' answered $1');
    what =
      cause.bodySnippet === undefined
        ? `${head} without a JSS error body or request id`
        : `${head} with a body that is not a JSS error`;
  }
  return {
    exitCode: EXIT.network,
    code: 'TRANSPORT_INVALID_RESPONSE',
    message: `${endpoint ?? 'the endpoint'} does not answer like JSS: ${what}`,
  };
}

function transportReport(error: unknown, cause: TransportError, endpoint: string | undefined): ErrorReport {
  const message = describeFailure(error, cause);
  if (cause.code === 'TRANSPORT_INVALID_REQUEST') return { exitCode: EXIT.usage, code: cause.code, message };
  const where = endpoint === undefined ? 'the endpoint' : `the endpoint ${endpoint}`;
  const hint = cause.code === 'TRANSPORT_ABORTED' ? '' : ` (is ${where} right and reachable?)`;
  return { exitCode: EXIT.network, code: cause.code, message: `${message}${hint}` };
}

// A sync's refusal or stop by its own code; a transfer, delete or listing that failed is told by its cause.
const SYNC_BY_CAUSE = new Set([
  'SYNC_UPLOAD_FAILED',
  'SYNC_DOWNLOAD_FAILED',
  'SYNC_DELETE_FAILED',
  'SYNC_LISTING_FAILED',
  'SYNC_SOURCE_NOT_FOUND',
]);

function syncReport(error: SyncError, context: ReportContext): ErrorReport {
  if (error.code === 'SYNC_INVALID_OPTIONS')
    return { exitCode: EXIT.usage, code: error.code, message: error.message };
  if (error.code === 'SYNC_ABORTED')
    return { exitCode: EXIT.interrupted, code: error.code, message: error.message };
  if (SYNC_BY_CAUSE.has(error.code) && error.cause !== undefined) return reportError(error.cause, context);
  return { exitCode: EXIT.failure, code: error.code, message: error.message };
}

/** Maps any error to an exit code and a one-line message. */
export function reportError(error: unknown, context: ReportContext = {}): ErrorReport {
  if (PartialFailureError.isInstance(error))
    return { exitCode: error.exitCode, code: error.code, message: error.message };
  if (SyncError.isInstance(error)) return syncReport(error, context);
  if (error instanceof UsageError) return { exitCode: EXIT.usage, code: error.code, message: error.message };
  if (error instanceof InterruptedError)
    return { exitCode: EXIT.interrupted, code: error.code, message: error.message };
  if (error instanceof CheckFailedError)
    return { exitCode: EXIT.integrity, code: error.code, message: error.message };
  if (ClientError.isInstance(error))
    return { exitCode: CLIENT_EXIT_CODES[error.code], code: error.code, message: error.message };
  const known = MultipartError.isInstance(error) || LocalServerError.isInstance(error) ? error : undefined;
  const exitCode = known === undefined ? undefined : exitCodeOf(known);
  if (known !== undefined && exitCode !== undefined)
    return { exitCode, code: known.code, message: known.message };
  const endpoint = endpointOrigin(context.endpoint);
  const cause = innermostCause(error);
  // A call the first Ctrl-C cancelled (the bin aborts the commands' signal with an InterruptedError).
  if (AbortError.isInstance(cause) && cause.reason instanceof InterruptedError)
    return { exitCode: EXIT.interrupted, code: cause.reason.code, message: cause.reason.message };
  if (isNotJss(cause)) return notJssReport(cause as Error, endpoint);
  if (ServiceError.isInstance(cause)) {
    const code = cause.serviceCode ?? `HTTP_${cause.status}`;
    return { exitCode: EXIT.service, code, message: describeFailure(error, cause) };
  }
  if (TransportError.isInstance(cause)) return transportReport(error, cause, endpoint);
  if (known !== undefined) return { exitCode: EXIT.failure, code: known.code, message: known.message };
  const system = error as NodeJS.ErrnoException;
  if (typeof system?.code === 'string' && typeof system.message === 'string')
    return { exitCode: EXIT.failure, code: system.code, message: system.message };
  return {
    exitCode: EXIT.failure,
    code: 'CLI_UNEXPECTED',
    message: String((error as Error)?.message ?? error),
  };
}
