import {
  type AttemptResult,
  NetworkError,
  RetriesExhaustedError,
  ServiceError,
  TimeoutError,
  type Transport,
} from '@jsskit/http-transport';
import {
  encodeCompleteBody,
  JSON_CONTENT_TYPE,
  normalizeETag,
  type PartSummary,
  parseResponseBody,
} from '@jsskit/wire-types';
import { responseETag } from './response-etag.ts';

/** Where an object goes. */
export interface ObjectTarget {
  readonly bucket: string;
  readonly key: string;
}

/** Starts a multipart upload. Retried on failure: a lost answer leaves at most an orphan, which a sweep removes. */
export async function initiateUpload(
  transport: Transport,
  target: ObjectTarget,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<string> {
  const response = await transport.send({
    method: 'POST',
    ...target,
    query: { uploads: undefined },
    headers,
    retryable: true,
    signal,
  });
  return parseResponseBody('InitiateMultipartUpload', response.body).UploadId;
}

/** The sub-resources of UploadPart, in the order they are sent and signed. */
export function partQuery(uploadId: string, partNumber: number): [string, string | number][] {
  return [
    ['uploadId', uploadId],
    ['partNumber', partNumber],
  ];
}

/** Sends one part with its Content-MD5 (hex, protocol §8.5) and returns the ETag the server gave it. */
export async function uploadPart(
  transport: Transport,
  request: ObjectTarget & {
    uploadId: string;
    partNumber: number;
    body: Uint8Array;
    md5: string;
    signal: AbortSignal;
    /** Body bytes just written to the socket, and the attempt (1, 2...) they belong to. */
    onSent: (delta: number, attempt: number) => void;
    onAttempt?: ((result: AttemptResult) => void) | undefined;
    beforeRetry?: ((failed: AttemptResult) => Promise<void>) | undefined;
    expectContinue?: boolean | undefined;
  },
): Promise<string> {
  const response = await transport.send({
    method: 'PUT',
    bucket: request.bucket,
    key: request.key,
    query: partQuery(request.uploadId, request.partNumber),
    headers: { 'content-md5': request.md5 },
    body: request.body,
    signal: request.signal,
    onUploadProgress: request.onSent,
    onAttempt: request.onAttempt,
    beforeRetry: request.beforeRetry,
    expectContinue: request.expectContinue,
  });
  return responseETag(response, `PUT /${request.bucket}/${request.key}`);
}

/** A whole-object PutObject with Content-MD5; returns the ETag. */
export async function putObject(
  transport: Transport,
  target: ObjectTarget,
  body: Uint8Array,
  headers: Record<string, string>,
  signal: AbortSignal,
  onSent: (delta: number) => void,
  onAttempt?: (result: AttemptResult) => void,
): Promise<string> {
  const response = await transport.send({
    method: 'PUT',
    ...target,
    headers,
    body,
    signal,
    onUploadProgress: onSent,
    onAttempt,
  });
  return responseETag(response, `PUT /${target.bucket}/${target.key}`);
}

/** Every part the server holds for an upload, following HasNext when the server pages. */
export async function listAllParts(
  transport: Transport,
  target: ObjectTarget,
  uploadId: string,
  signal: AbortSignal,
): Promise<PartSummary[]> {
  const parts: PartSummary[] = [];
  let marker: string | undefined;
  for (;;) {
    const query: [string, string][] = [['uploadId', uploadId]];
    if (marker !== undefined) query.push(['part-number-marker', marker]);
    const response = await transport.send({ method: 'GET', ...target, query, signal });
    const page = parseResponseBody('ListParts', response.body);
    parts.push(...page.Part);
    const next = page.NextPartNumberMarker;
    if (page.HasNext !== true || next === undefined || next === null || String(next) === marker) return parts;
    marker = String(next);
  }
}

/** Completes an upload with its parts in order and returns the object ETag. */
export async function completeUpload(
  transport: Transport,
  target: ObjectTarget,
  uploadId: string,
  parts: readonly { partNumber: number; md5: string }[],
  signal: AbortSignal,
): Promise<string> {
  const body = encodeCompleteBody({
    Part: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.md5 })),
  });
  const response = await transport.send({
    method: 'POST',
    ...target,
    query: { uploadId },
    headers: { 'content-type': JSON_CONTENT_TYPE },
    body,
    retryable: true,
    signal,
    timeouts: { headersMs: 600_000 },
  });
  return normalizeETag(parseResponseBody('CompleteMultipartUpload', response.body).ETag);
}

/** Aborts an upload; an upload already gone counts as aborted. */
export async function abortUpload(
  transport: Transport,
  target: ObjectTarget,
  uploadId: string,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await transport.send({ method: 'DELETE', ...target, query: { uploadId }, signal });
  } catch (error) {
    if (!(ServiceError.isInstance(error) && error.serviceCode === 'NoSuchUpload')) throw error;
  }
}

/** Size and ETag of an object, or undefined when there is none. */
export async function headObject(
  transport: Transport,
  target: ObjectTarget,
  signal: AbortSignal,
): Promise<{ size: number; etag: string } | undefined> {
  try {
    const response = await transport.send({ method: 'HEAD', ...target, signal });
    return {
      size: Number(response.headers['content-length']),
      etag: normalizeETag(response.headers.etag ?? ''),
    };
  } catch (error) {
    if (ServiceError.isInstance(error) && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * Whether a failed Complete may have been committed anyway: its answer was lost (timeout, reset), the
 * server failed, or a retry found the upload gone (NoSuchUpload: the first attempt completed it).
 */
export function isUnsettledComplete(error: unknown): boolean {
  if (
    TimeoutError.isInstance(error) ||
    NetworkError.isInstance(error) ||
    RetriesExhaustedError.isInstance(error)
  )
    return true;
  return ServiceError.isInstance(error) && (error.serviceCode === 'NoSuchUpload' || error.status >= 500);
}
