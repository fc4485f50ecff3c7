import type { Transport } from '@jsskit/http-transport';
import type { CallOptions, ObjectLocation } from './call-options.ts';
import { checkObject } from './internal/check-options.ts';
import { namedCall } from './internal/named-call.ts';
import { responseETag } from './internal/response-etag.ts';

/** Options of `copyObject` and `moveObject`: the target is `bucket`/`key`. */
export interface CopyObjectOptions extends CallOptions, ObjectLocation {
  readonly source: ObjectLocation;
}

/** What `copyObject` and `moveObject` return. */
export interface CopyObjectResult {
  /** The new object's ETag, unquoted. */
  readonly etag: string;
  readonly requestId: string | undefined;
}

// The header carries the key's UTF-8 bytes unencoded (protocol §13); HTTP headers are byte strings.
function headerBytes(value: string): string {
  return Array.from(new TextEncoder().encode(value), (byte) => String.fromCharCode(byte)).join('');
}

async function copyOrMove(
  transport: Transport,
  options: CopyObjectOptions,
  mode: { operation: string; header: string },
): Promise<CopyObjectResult> {
  checkObject(mode.operation, options);
  checkObject(mode.operation, options.source);
  const { bucket, key, signal, source } = options;
  const headers = { [mode.header]: headerBytes(`/${source.bucket}/${source.key}`) };
  const response = await namedCall(mode.operation, () =>
    transport.send({ method: 'PUT', bucket, key, headers, body: new Uint8Array(0), signal }),
  );
  return { etag: responseETag(mode.operation, response), requestId: response.requestId };
}

/**
 * Copies an object server-side with `x-jss-copy-source: /bucket/key` (undocumented by JD; real clients send
 * it, protocol §13, docs/adr/0019). An existing target is replaced; a missing source is 404 `NoSuchKey`.
 */
export function copyObject(transport: Transport, options: CopyObjectOptions): Promise<CopyObjectResult> {
  return copyOrMove(transport, options, { operation: 'CopyObject', header: 'x-jss-copy-source' });
}

/** Like {@link copyObject} with `x-jss-move-source` (undocumented by JD): the source is removed after the copy. */
export function moveObject(transport: Transport, options: CopyObjectOptions): Promise<CopyObjectResult> {
  return copyOrMove(transport, options, { operation: 'MoveObject', header: 'x-jss-move-source' });
}
