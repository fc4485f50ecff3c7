import type { StreamingResponse, Transport } from '@jsskit/http-transport';
import { isMd5ETag } from '@jsskit/wire-types';
import type { CallOptions, ObjectLocation } from './call-options.ts';
import { ClientError } from './errors.ts';
import { checkCount, checkObject, invalidOptions } from './internal/check-options.ts';
import { createMd5Stream } from './internal/md5.ts';
import { namedCall } from './internal/named-call.ts';
import { type ObjectInfo, objectInfo } from './object-info.ts';

/** Bytes `start` to `end`, both included; without `end`, to the end of the object. */
export interface ByteSpan {
  readonly start: number;
  readonly end?: number | undefined;
}

/** The last `lastBytes` bytes of the object (`Range: bytes=-n`), all of it when it is shorter. */
export interface ByteSuffix {
  readonly lastBytes: number;
}

/** A range of `getObject`: from `start` (to `end`), or the object's last bytes. */
export type ByteRange = ByteSpan | ByteSuffix;

/** Options of `getObject`. */
export interface GetObjectOptions extends CallOptions, ObjectLocation {
  readonly range?: ByteRange | undefined;
  /**
   * Hash the body as it is read and compare it with the ETag: the body stream then errors at its end with
   * `ClientError` `CLIENT_CHECKSUM_MISMATCH` instead of closing, after every byte was delivered (so keep
   * what you read aside until the stream has closed). Only a whole object can be checked: with `range`
   * the call is refused before sending (`CLIENT_INVALID_OPTIONS`). An ETag that is not an MD5 (an S3-style
   * `…-N`) rejects the call before any byte is read (`CLIENT_CHECKSUM_UNAVAILABLE`). On JSS, the ETag of an
   * object uploaded in parts looks like an MD5 but is not the MD5 of its bytes (protocol §8.5): checking
   * one fails with `CLIENT_CHECKSUM_MISMATCH`, so use this on objects written by PutObject (or copied from
   * one). Hashing is built in (no `md5Hex` needed, in browsers too).
   * @defaultValue false
   */
  readonly checkMd5?: boolean | undefined;
}

/** What `getObject` returns: the body as a web stream, and what the headers say. */
export interface GetObjectResult extends ObjectInfo {
  /** Read it to the end or cancel it, or the connection stays busy. On Node, `Readable.fromWeb(body)`. */
  readonly body: ReadableStream<Uint8Array>;
  /** Bytes in `body`: the range's length, or `size`. */
  readonly contentLength: number;
  /** The range served (206), or undefined for the whole object. A `lastBytes` range is served as start-end. */
  readonly range: { readonly start: number; readonly end: number } | undefined;
}

const OPERATION = 'GetObject';

function rangeHeader(range: ByteRange | undefined): Record<string, string> {
  if (range === undefined) return {};
  if ('lastBytes' in range) {
    if ('start' in range) throw invalidOptions(OPERATION, 'range takes start or lastBytes, not both');
    checkCount(OPERATION, 'range.lastBytes', range.lastBytes);
    if (range.lastBytes === 0) throw invalidOptions(OPERATION, 'range.lastBytes must be at least 1');
    return { range: `bytes=-${range.lastBytes}` };
  }
  checkCount(OPERATION, 'range.start', range.start);
  if (range.end === undefined) return { range: `bytes=${range.start}-` };
  checkCount(OPERATION, 'range.end', range.end);
  if (range.end < range.start)
    throw invalidOptions(OPERATION, `range.end ${range.end} is before range.start ${range.start}`);
  return { range: `bytes=${range.start}-${range.end}` };
}

function servedRange(headers: Readonly<Record<string, string>>): GetObjectResult['range'] {
  const match = /^bytes (\d+)-(\d+)\//.exec(headers['content-range'] ?? '');
  return match === null ? undefined : { start: Number(match[1]), end: Number(match[2]) };
}

function checksumMismatch(etag: string, md5: string): ClientError {
  return new ClientError(
    'CLIENT_CHECKSUM_MISMATCH',
    `${OPERATION}: the bytes read have MD5 ${md5} but the ETag is ${etag}: damaged on the way, or an ` +
      'object uploaded in parts, whose ETag on JSS is not the MD5 of its bytes',
  );
}

/**
 * A web ReadableStream over a streamed response; cancelling it frees the connection. With `expectedMd5`,
 * the bytes are hashed and a mismatch errors the stream where it would have closed.
 */
function webStream(response: StreamingResponse, expectedMd5: string | undefined): ReadableStream<Uint8Array> {
  const chunks = response.body[Symbol.asyncIterator]();
  const hash = expectedMd5 === undefined ? undefined : createMd5Stream();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (!done) {
        hash?.update(value);
        controller.enqueue(value);
        return;
      }
      const md5 = hash?.digestHex();
      if (md5 !== undefined && expectedMd5 !== undefined && md5 !== expectedMd5)
        controller.error(checksumMismatch(expectedMd5, md5));
      else controller.close();
    },
    cancel() {
      response.cancel();
    },
  });
}

/**
 * GetObject (protocol §8.2), whole or a range; 404 `NoSuchKey` when missing (see `isNotFound`); a range
 * that starts past the end is 416 `InvalidRange`. With `checkMd5`, the body is checked against the ETag.
 */
export async function getObject(transport: Transport, options: GetObjectOptions): Promise<GetObjectResult> {
  checkObject(OPERATION, options);
  const headers = rangeHeader(options.range);
  const checkMd5 = options.checkMd5 === true;
  if (checkMd5 && options.range !== undefined)
    throw invalidOptions(OPERATION, 'checkMd5 checks a whole object: it cannot be combined with range');
  const { bucket, key, signal } = options;
  const response = await namedCall(OPERATION, () =>
    transport.stream({ method: 'GET', bucket, key, headers, signal }),
  );
  let info: ObjectInfo;
  try {
    info = objectInfo(OPERATION, response);
    if (checkMd5 && !isMd5ETag(info.etag))
      throw new ClientError(
        'CLIENT_CHECKSUM_UNAVAILABLE',
        `${OPERATION}: checkMd5 was asked but the ETag ${info.etag} is not an MD5 to check the bytes against`,
      );
  } catch (error) {
    response.cancel();
    throw error;
  }
  const contentLength = Number(response.headers['content-length'] ?? info.size);
  const body = webStream(response, checkMd5 ? info.etag : undefined);
  return { ...info, body, contentLength, range: servedRange(response.headers) };
}
