import { InvalidResponseError, type StreamingResponse, type TransportResponse } from '@jsskit/http-transport';
import { normalizeETag } from '@jsskit/wire-types';

/**
 * The normalized ETag of a 2xx object response. JSS sends one on every object answer (protocol §8), so a
 * response without it comes from an endpoint that does not speak JSS (a plain web server, a proxy's page):
 * that is said as such, rather than as a checksum mismatch against an empty ETag.
 * A streaming response is cancelled before the error is thrown, so that its connection is freed.
 * @throws {InvalidResponseError} `TRANSPORT_INVALID_RESPONSE` when the header is missing or empty.
 */
export function responseETag(response: TransportResponse | StreamingResponse, operation: string): string {
  const etag = normalizeETag(response.headers.etag ?? '');
  if (etag !== '') return etag;
  if ('cancel' in response) response.cancel();
  throw new InvalidResponseError(
    `${operation} answered ${response.status} without an ETag, which JSS always sends`,
  );
}
