import { InvalidRequestError } from './errors.ts';
import type { OpenedBody } from './request-body.ts';
import type { TransportRequest } from './transport-types.ts';

// Set by the transport for each attempt; a caller's value would be stale or wrong.
const OWNED = new Set(['date', 'authorization', 'content-length', 'host', 'transfer-encoding']);

/** The caller's headers, checked, lower-cased and without the ones the transport owns. */
export function callerHeaders(request: Pick<TransportRequest, 'headers'>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (typeof value !== 'string' || !/^[!#$%&'*+.^`|~\w-]+$/.test(name)) {
      throw new InvalidRequestError(`header ${JSON.stringify(name)} has an invalid name or value`);
    }
    // What HTTP/1.1 can carry (Node refuses the rest with ERR_INVALID_CHAR, which would read as a network
    // failure and be retried): Latin-1 without control characters but tab.
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
      throw new InvalidRequestError(
        `header ${JSON.stringify(name)} has a character HTTP headers cannot carry`,
      );
    }
    const lower = name.toLowerCase();
    if (!OWNED.has(lower)) headers[lower] = value;
  }
  return headers;
}

/** Content-Length of an attempt; undefined means chunked. */
export function contentLength(request: TransportRequest, body: OpenedBody | undefined): string | undefined {
  if (body?.kind === 'bytes') return String(body.bytes.byteLength);
  if (body?.kind === 'stream')
    return request.contentLength === undefined ? undefined : String(request.contentLength);
  return request.method === 'PUT' || request.method === 'POST' ? '0' : undefined;
}

/** The URL as it may appear in logs: presign parameters redacted. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:Signature|AccessKey)=)[^&]*/g, '$1REDACTED');
}
