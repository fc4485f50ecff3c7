import { InvalidResponseError } from '@jsskit/http-transport';
import { normalizeETag } from '@jsskit/wire-types';

/** What HeadObject and GetObject say about an object, read from the response headers. */
export interface ObjectInfo {
  /** Bytes in the object (for a ranged GetObject, in the whole object, not the range). */
  readonly size: number;
  /** Unquoted, lower-case (protocol §8.5). */
  readonly etag: string;
  readonly contentType: string | undefined;
  /** `STANDARD` or `REDUCED_REDUNDANCY`; undefined when the server did not say. */
  readonly storageClass: string | undefined;
  /** Whether the server stores it encrypted (`x-jss-server-side-encryption: true`). */
  readonly encrypted: boolean;
  readonly lastModified: Date | undefined;
  readonly cacheControl: string | undefined;
  readonly contentDisposition: string | undefined;
  readonly requestId: string | undefined;
}

/** A date header as a `Date`, or undefined when absent or unreadable. */
export function headerDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A JSON date field (`Mon, 17 Jul 2017 12:12:17 GMT`) as a `Date`. @throws {InvalidResponseError} */
export function bodyDate(operation: string, value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidResponseError(`${operation} answered a date that is not one: ${JSON.stringify(value)}`);
  return date;
}

function totalSize(headers: Readonly<Record<string, string>>): number {
  const range = /\/(\d+)\s*$/.exec(headers['content-range'] ?? '');
  return Number(range?.[1] ?? headers['content-length'] ?? Number.NaN);
}

/** The {@link ObjectInfo} of a HEAD, GET or ranged GET answer. @throws {InvalidResponseError} */
export function objectInfo(
  operation: string,
  response: { headers: Readonly<Record<string, string>>; requestId: string | undefined },
): ObjectInfo {
  const { headers } = response;
  const size = totalSize(headers);
  const etag = normalizeETag(headers.etag ?? '');
  if (!Number.isSafeInteger(size) || etag === '')
    throw new InvalidResponseError(`${operation} answered without a size or an ETag, which JSS always sends`);
  return {
    size,
    etag,
    contentType: headers['content-type'],
    storageClass: headers['x-jss-storage-class'],
    encrypted: headers['x-jss-server-side-encryption'] === 'true',
    lastModified: headerDate(headers['last-modified']),
    cacheControl: headers['cache-control'],
    contentDisposition: headers['content-disposition'],
    requestId: response.requestId,
  };
}
