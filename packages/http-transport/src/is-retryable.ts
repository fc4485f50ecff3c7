import type { NetworkError } from './errors/network-error.ts';
import type { RemoteSigningError } from './errors/remote-signing-error.ts';
import type { ServiceError } from './errors/service-error.ts';
import type { TimeoutError } from './errors/timeout-error.ts';

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const RETRYABLE_SERVICE_CODES = new Set([
  'SlowDown',
  'RequestTimeout',
  'InternalError',
  'ServiceUnavailable',
]);
// A name that does not resolve will not resolve a second later either; everything else on the network
// (resets, refusals while a server restarts, broken pipes) may.
const PERMANENT_SYSTEM_CODES = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'CERT_HAS_EXPIRED']);

/**
 * Whether sending the same request again may succeed. The one place that decides it: network errors and
 * phase timeouts, 408/429/5xx, the JSS codes SlowDown, RequestTimeout, InternalError and
 * ServiceUnavailable, and a signing server that is unreachable or answers 429/5xx are retryable; aborts,
 * the overall deadline, other 4xx answers, invalid requests and exhausted retries are not. Whether a retry
 * is *allowed* (method, replayable body) is a separate question the transport asks. Works on any value;
 * reads the stable `code` so that it holds across package copies.
 */
export function isRetryableError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  switch ((error as { code?: unknown }).code) {
    case 'TRANSPORT_TIMEOUT':
      return (error as TimeoutError).phase !== 'deadline';
    case 'TRANSPORT_NETWORK':
      return !PERMANENT_SYSTEM_CODES.has((error as NetworkError).systemCode ?? '');
    case 'TRANSPORT_REMOTE_SIGNING': {
      const { status } = error as RemoteSigningError;
      return status === undefined || status === 429 || status >= 500;
    }
    case 'TRANSPORT_SERVICE_ERROR': {
      const { status, serviceCode } = error as ServiceError;
      return RETRYABLE_STATUSES.has(status) || RETRYABLE_SERVICE_CODES.has(serviceCode ?? '');
    }
    default:
      return false;
  }
}
