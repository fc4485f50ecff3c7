import { RetriesExhaustedError, ServiceError } from '@jsskit/http-transport';

const NOT_FOUND_CODES = new Set(['NoSuchKey', 'NoSuchBucket', 'NoSuchUpload']);
const ACCESS_DENIED_CODES = new Set([
  'AccessDenied',
  'AccountProblem',
  'AccessKeyLimited',
  'InvalidAccessKey',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
]);
const THROTTLED_CODES = new Set(['SlowDown', 'TooManyRequests']);
const ALREADY_EXISTS_CODES = new Set(['BucketAlreadyExists', 'BucketAlreadyOwnedByYou']);

/**
 * Whether the bucket, object or upload is not there: 404 (`NoSuchKey`, `NoSuchBucket`, `NoSuchUpload`, or a
 * HEAD's bodiless 404).
 */
export function isNotFound(error: unknown): boolean {
  if (!ServiceError.isInstance(error)) return false;
  return error.status === 404 || NOT_FOUND_CODES.has(error.serviceCode ?? '');
}

/** Whether the server refused the keys or the permission (403, or a signature and key code). */
export function isAccessDenied(error: unknown): boolean {
  if (!ServiceError.isInstance(error)) return false;
  return error.status === 403 || ACCESS_DENIED_CODES.has(error.serviceCode ?? '');
}

/** Whether the server asked to slow down (429, 503, `SlowDown`), after the transport's retries ran out. */
export function isThrottled(error: unknown): boolean {
  const last = unwrapRetries(error);
  if (!ServiceError.isInstance(last)) return false;
  return last.status === 429 || last.status === 503 || THROTTLED_CODES.has(last.serviceCode ?? '');
}

/** Whether a bucket of that name exists already (`BucketAlreadyExists`, `BucketAlreadyOwnedByYou`). */
export function isAlreadyExists(error: unknown): boolean {
  return ServiceError.isInstance(error) && ALREADY_EXISTS_CODES.has(error.serviceCode ?? '');
}

function unwrapRetries(error: unknown): unknown {
  return RetriesExhaustedError.isInstance(error) ? error.lastError : error;
}
