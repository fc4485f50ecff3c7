import type { BodyStream, Transport } from '@jsskit/http-transport';
import type { Md5Hex, ObjectAttributes } from '@jsskit/wire-types';
import { type HookedCallOptions, type ObjectLocation, requestHooks } from './call-options.ts';
import { attributeHeaders } from './internal/attribute-headers.ts';
import { checkCount, checkObject, invalidOptions } from './internal/check-options.ts';
import { defaultMd5Hex } from './internal/md5.ts';
import { namedCall } from './internal/named-call.ts';
import { checkETag, responseETag } from './internal/response-etag.ts';

/** Options of `putObject`. */
export interface PutObjectOptions extends HookedCallOptions, ObjectLocation, ObjectAttributes {
  /** Bytes, a string (UTF-8), a Blob, or a stream (a ReadableStream or an async iterable) with `contentLength`. */
  readonly body: Uint8Array | string | Blob | BodyStream;
  /** Required with a stream body: the exact number of bytes it yields. */
  readonly contentLength?: number | undefined;
  /**
   * The body's MD5 in hex, sent as Content-MD5 and checked against the ETag. Without it, bytes, strings and
   * Blobs are hashed here and a stream goes unchecked; with it, nothing is hashed again (a wrong one makes
   * the server refuse the object, `BadDigest`).
   */
  readonly contentMd5?: string | undefined;
  /**
   * Whether a returned ETag other than the MD5 is `CLIENT_ETAG_MISMATCH`; false returns it unchecked, for a
   * caller that checks it and resends itself. @defaultValue true
   */
  readonly verifyETag?: boolean | undefined;
  readonly cacheControl?: string | undefined;
}

/** What `putObject` returns. */
export interface PutObjectResult {
  /** Unquoted, lower-case: the MD5 of the bytes (checked). */
  readonly etag: string;
  readonly requestId: string | undefined;
}

const OPERATION = 'PutObject';

interface PreparedBody {
  readonly body: Uint8Array | BodyStream;
  readonly contentLength: number | undefined;
  readonly md5: string | undefined;
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

async function prepareBody(options: PutObjectOptions, md5Hex: Md5Hex): Promise<PreparedBody> {
  const { body } = options;
  const given = options.contentMd5?.toLowerCase();
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    return { body: bytes, contentLength: undefined, md5: given ?? md5Hex(bytes) };
  }
  if (isBlob(body)) {
    const bytes = new Uint8Array(await body.arrayBuffer());
    return { body: bytes, contentLength: undefined, md5: given ?? md5Hex(bytes) };
  }
  if (options.contentLength === undefined)
    throw invalidOptions(OPERATION, 'a stream body needs contentLength (JSS refuses a PUT without one)');
  checkCount(OPERATION, 'contentLength', options.contentLength);
  return { body, contentLength: options.contentLength, md5: given };
}

function headersOf(options: PutObjectOptions, md5: string | undefined): Record<string, string> {
  const headers = attributeHeaders(OPERATION, options);
  if (md5 !== undefined) headers['content-md5'] = md5;
  if (options.cacheControl !== undefined) headers['cache-control'] = options.cacheControl;
  return headers;
}

/** PutObject (protocol §8.1) with Content-MD5 (hex) and the returned ETag checked against it. */
export async function putObject(
  transport: Transport,
  options: PutObjectOptions,
  md5Hex: Md5Hex = defaultMd5Hex,
): Promise<PutObjectResult> {
  checkObject(OPERATION, options);
  const prepared = await prepareBody(options, md5Hex);
  const { bucket, key, signal } = options;
  const headers = headersOf(options, prepared.md5);
  const response = await namedCall(OPERATION, () =>
    transport.send({
      ...requestHooks(options.request),
      method: 'PUT',
      bucket,
      key,
      headers,
      body: prepared.body,
      contentLength: prepared.contentLength,
      signal,
    }),
  );
  const etag = responseETag(OPERATION, response);
  if (options.verifyETag !== false) checkETag(OPERATION, etag, prepared.md5);
  return { etag, requestId: response.requestId };
}
