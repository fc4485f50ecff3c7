import type { StreamingResponse, Transport } from '@jsskit/http-transport';
import type { CallOptions, ObjectLocation } from './call-options.ts';
import { checkCount, checkObject, invalidOptions } from './internal/check-options.ts';
import { namedCall } from './internal/named-call.ts';
import { type ObjectInfo, objectInfo } from './object-info.ts';

/** Bytes `start` to `end`, both included; without `end`, to the end of the object. */
export interface ByteRange {
  readonly start: number;
  readonly end?: number | undefined;
}

/** Options of `getObject`. */
export interface GetObjectOptions extends CallOptions, ObjectLocation {
  readonly range?: ByteRange | undefined;
}

/** What `getObject` returns: the body as a web stream, and what the headers say. */
export interface GetObjectResult extends ObjectInfo {
  /** Read it to the end or cancel it, or the connection stays busy. On Node, `Readable.fromWeb(body)`. */
  readonly body: ReadableStream<Uint8Array>;
  /** Bytes in `body`: the range's length, or `size`. */
  readonly contentLength: number;
  /** The range served (206), or undefined for the whole object. */
  readonly range: { readonly start: number; readonly end: number } | undefined;
}

const OPERATION = 'GetObject';

function rangeHeader(range: ByteRange | undefined): Record<string, string> {
  if (range === undefined) return {};
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

/** A web ReadableStream over a streamed response; cancelling it frees the connection. */
function webStream(response: StreamingResponse): ReadableStream<Uint8Array> {
  const chunks = response.body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel() {
      response.cancel();
    },
  });
}

/** GetObject (protocol §8.2), whole or a range; 404 `NoSuchKey` when missing (see `isNotFound`). */
export async function getObject(transport: Transport, options: GetObjectOptions): Promise<GetObjectResult> {
  checkObject(OPERATION, options);
  const headers = rangeHeader(options.range);
  const { bucket, key, signal } = options;
  const response = await namedCall(OPERATION, () =>
    transport.stream({ method: 'GET', bucket, key, headers, signal }),
  );
  let info: ObjectInfo;
  try {
    info = objectInfo(OPERATION, response);
  } catch (error) {
    response.cancel();
    throw error;
  }
  const contentLength = Number(response.headers['content-length'] ?? info.size);
  return { ...info, body: webStream(response), contentLength, range: servedRange(response.headers) };
}
