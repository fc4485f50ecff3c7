import { ServiceError } from '../internal/service-error.ts';

/** The error a full disk gives a write, as Node reports it (for the `disk-full` fault). */
export function noSpaceError(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
    errno: -28,
    syscall: 'write',
  });
}

/** Whether an error is the disk (or the quota) being full. */
export function isOutOfSpace(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** The server is out of space: an answer the client can read, never a reset (InternalError, §5.2). */
export function outOfSpaceError(): ServiceError {
  return new ServiceError(
    'InternalError',
    'The server is out of disk space: the request was not stored; free space on the server and retry',
  );
}

/**
 * What a failed body receive answers: a service error as it is (RequestTimeout), out of space as
 * InternalError, another disk error (it has a syscall) passed on as the server's fault, anything else
 * (the client went away mid-body) IncompleteBody.
 */
export function bodyFailure(error: unknown): Error {
  if (error instanceof ServiceError) return error;
  if (isOutOfSpace(error)) return outOfSpaceError();
  if (error instanceof Error && 'syscall' in error) return error;
  return new ServiceError('IncompleteBody', 'The request body ended before Content-Length bytes arrived');
}
