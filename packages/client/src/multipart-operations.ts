import type { Transport } from '@jsskit/http-transport';
import {
  encodeCompleteBody,
  JSON_CONTENT_TYPE,
  type Md5Hex,
  normalizeETag,
  type ObjectAttributes,
  parseResponseBody,
} from '@jsskit/wire-types';
import {
  type CallOptions,
  type HookedCallOptions,
  type ObjectLocation,
  requestHooks,
} from './call-options.ts';
import { attributeHeaders, checkedByWireTypes } from './internal/attribute-headers.ts';
import { checkObject, invalidOptions } from './internal/check-options.ts';
import { defaultMd5Hex } from './internal/md5.ts';
import { namedCall } from './internal/named-call.ts';
import { checkETag, responseETag } from './internal/response-etag.ts';

/** Options of `initiateMultipartUpload`. */
export interface InitiateMultipartUploadOptions extends HookedCallOptions, ObjectLocation, ObjectAttributes {}

/** Options of the calls that address one upload. */
export interface UploadOptions extends CallOptions, ObjectLocation {
  readonly uploadId: string;
}

/** Options of `uploadPart`. */
export interface UploadPartOptions extends UploadOptions, HookedCallOptions {
  /** 1 to 10000. */
  readonly partNumber: number;
  readonly body: Uint8Array;
  /**
   * The body's MD5 in hex when the caller has it already: sent as Content-MD5 as it is, so the body is not
   * hashed again. A wrong one makes the server refuse the part (`BadDigest`).
   */
  readonly contentMd5?: string | undefined;
  /**
   * Whether a returned ETag other than the MD5 is `CLIENT_ETAG_MISMATCH`; false returns it unchecked, for a
   * caller that checks it and resends itself. @defaultValue true
   */
  readonly verifyETag?: boolean | undefined;
}

/** Options of `completeMultipartUpload`. */
export interface CompleteMultipartUploadOptions extends UploadOptions, HookedCallOptions {
  /** Every part to keep, as `uploadPart` returned them; sent ascending by part number. */
  readonly parts: readonly { readonly partNumber: number; readonly etag: string }[];
}

/** InitiateMultipartUpload (protocol §9.1). Retried: a lost answer leaves at most an upload to abort. */
export async function initiateMultipartUpload(
  transport: Transport,
  options: InitiateMultipartUploadOptions,
): Promise<{ uploadId: string }> {
  const operation = 'InitiateMultipartUpload';
  checkObject(operation, options);
  const { bucket, key, signal } = options;
  const headers = attributeHeaders(operation, options);
  const response = await namedCall(operation, () =>
    transport.send({
      method: 'POST',
      bucket,
      key,
      query: { uploads: undefined },
      headers,
      retryable: true,
      ...requestHooks(options.request),
      signal,
    }),
  );
  return { uploadId: parseResponseBody('InitiateMultipartUpload', response.body).UploadId };
}

/** UploadPart (protocol §9.2) with Content-MD5 (hex); the returned ETag is checked against it. */
export async function uploadPart(
  transport: Transport,
  options: UploadPartOptions,
  md5Hex: Md5Hex = defaultMd5Hex,
): Promise<{ etag: string }> {
  const operation = 'UploadPart';
  checkObject(operation, options);
  const { bucket, key, uploadId, partNumber, body, signal } = options;
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000)
    throw invalidOptions(operation, `partNumber must be an integer from 1 to 10000, got ${partNumber}`);
  const md5 = options.contentMd5?.toLowerCase() ?? md5Hex(body);
  const query: [string, string | number][] = [
    ['uploadId', uploadId],
    ['partNumber', partNumber],
  ];
  const response = await namedCall(operation, () =>
    transport.send({
      ...requestHooks(options.request),
      method: 'PUT',
      bucket,
      key,
      query,
      headers: { 'content-md5': md5 },
      body,
      signal,
    }),
  );
  const etag = responseETag(operation, response);
  if (options.verifyETag !== false) checkETag(operation, etag, md5);
  return { etag };
}

/** The Complete body of `parts`, sorted; a list JSS would refuse is `CLIENT_INVALID_OPTIONS`, unsent. */
function completeBody(operation: string, parts: CompleteMultipartUploadOptions['parts']): string {
  if (!Array.isArray(parts) || parts.length === 0)
    throw invalidOptions(operation, 'parts must list at least one part');
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  return checkedByWireTypes(operation, 'parts', () =>
    encodeCompleteBody({
      Part: sorted.map((part) => ({ PartNumber: part.partNumber, ETag: normalizeETag(part.etag) })),
    }),
  );
}

/**
 * CompleteMultipartUpload (protocol §9.3); returns the object's ETag.
 * @throws {ClientError} `CLIENT_INVALID_OPTIONS` for no parts, a part number twice or out of 1-10000, or an
 * ETag that is not an MD5, before anything is sent.
 */
export async function completeMultipartUpload(
  transport: Transport,
  options: CompleteMultipartUploadOptions,
): Promise<{ etag: string }> {
  const operation = 'CompleteMultipartUpload';
  checkObject(operation, options);
  const { bucket, key, uploadId, signal } = options;
  const body = completeBody(operation, options.parts);
  const response = await namedCall(operation, () =>
    transport.send({
      method: 'POST',
      bucket,
      key,
      query: { uploadId },
      headers: { 'content-type': JSON_CONTENT_TYPE },
      body,
      retryable: true,
      ...requestHooks(options.request),
      signal,
    }),
  );
  return { etag: normalizeETag(parseResponseBody('CompleteMultipartUpload', response.body).ETag) };
}

/** AbortMultipartUpload (protocol §9.4): 404 `NoSuchUpload` for an unknown or finished upload. */
export async function abortMultipartUpload(transport: Transport, options: UploadOptions): Promise<void> {
  const operation = 'AbortMultipartUpload';
  checkObject(operation, options);
  const { bucket, key, uploadId, signal } = options;
  await namedCall(operation, () =>
    transport.send({ method: 'DELETE', bucket, key, query: { uploadId }, signal }),
  );
}
