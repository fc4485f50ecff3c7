import { InvalidResponseError, type TransportResponse } from '@jsskit/http-transport';
import { normalizeETag } from '@jsskit/wire-types';
import { ClientError } from '../errors.ts';

/** The unquoted ETag of a PUT answer. @throws {InvalidResponseError} when there is none. */
export function responseETag(operation: string, response: TransportResponse): string {
  const etag = normalizeETag(response.headers.etag ?? '');
  if (etag === '')
    throw new InvalidResponseError(
      `${operation} answered ${response.status} without an ETag, which JSS always sends`,
    );
  return etag;
}

/** Throws `CLIENT_ETAG_MISMATCH` when the server's ETag is not the MD5 of the bytes sent. */
export function checkETag(operation: string, etag: string, md5: string | undefined): void {
  if (md5 === undefined || etag === md5) return;
  throw new ClientError(
    'CLIENT_ETAG_MISMATCH',
    `${operation}: the server stored ETag ${etag} but the bytes sent have MD5 ${md5}`,
  );
}
