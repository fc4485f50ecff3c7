import type { FaultAction } from '../faults.ts';
import { ServiceError } from '../internal/service-error.ts';
import { isOutOfSpace, outOfSpaceError } from './body-failure.ts';
import type { Reply } from './reply.ts';
import type { RequestTarget } from './request-target.ts';

/** The JSS error body (§5.1) of a failed request. */
export function errorReply(error: ServiceError, target: RequestTarget | undefined, requestId: string): Reply {
  const resource =
    target?.bucket === undefined
      ? '/'
      : `/${target.bucket}${target.key === undefined ? '' : `/${target.key}`}`;
  const headers = { 'Content-Type': 'application/json;charset=UTF-8', ...error.extras.headers };
  return {
    status: error.status,
    headers,
    json: { code: error.code, message: error.message, resource, requestId, ...error.extras.body },
  };
}

/** The answer of an `error` fault. */
export function injectedError(fault: FaultAction & { type: 'error' }): ServiceError {
  const headers =
    fault.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(fault.retryAfterSeconds) };
  return ServiceError.custom(
    fault.code,
    fault.status,
    fault.message ?? `Injected ${fault.code}`,
    headers ? { headers } : {},
  );
}

/**
 * What a failure answers: a service error as it is; a full disk anywhere (a body, a record) as InternalError
 * saying so; anything else as InternalError, noted on stderr in one line (never a stack trace).
 */
export function toServiceError(error: unknown, requestId: string): ServiceError {
  if (error instanceof ServiceError) return error;
  if (isOutOfSpace(error)) return outOfSpaceError();
  const { message } = error as Error;
  process.stderr.write(`jss-local-server: request ${requestId} failed: ${message}\n`);
  return new ServiceError('InternalError', 'We encountered an internal error');
}
