import { NetworkError, RetriesExhaustedError, ServiceError, TimeoutError } from '@jsskit/http-transport';
import type { EngineClient } from './service-connection.ts';

/** Where an object goes. */
export interface ObjectTarget {
  readonly bucket: string;
  readonly key: string;
}

/** How long a Complete may take to answer: the server assembles the parts first. */
const COMPLETE_HEADERS_MS = 600_000;

/** The sub-resources of UploadPart, in the order they are sent and signed. */
export function partQuery(uploadId: string, partNumber: number): [string, string | number][] {
  return [
    ['uploadId', uploadId],
    ['partNumber', partNumber],
  ];
}

/** An upload of an object: where it goes and its id. */
export interface UploadTarget extends ObjectTarget {
  readonly uploadId: string;
}

/** Completes an upload with its parts (their MD5s are their ETags) and returns the object ETag. */
export async function completeUpload(
  client: EngineClient,
  upload: UploadTarget & { readonly parts: readonly { partNumber: number; md5: string }[] },
  signal: AbortSignal,
): Promise<string> {
  const { etag } = await client.completeMultipartUpload({
    ...upload,
    parts: upload.parts.map((part) => ({ partNumber: part.partNumber, etag: part.md5 })),
    signal,
    request: { timeouts: { headersMs: COMPLETE_HEADERS_MS } },
  });
  return etag;
}

/** Aborts an upload; an upload already gone counts as aborted. */
export async function abortUpload(
  client: EngineClient,
  upload: UploadTarget,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await client.abortMultipartUpload({ ...upload, signal });
  } catch (error) {
    if (!(ServiceError.isInstance(error) && error.serviceCode === 'NoSuchUpload')) throw error;
  }
}

/** Size and ETag of an object, or undefined when there is none. */
export async function headObject(
  client: EngineClient,
  target: ObjectTarget,
  signal: AbortSignal,
): Promise<{ size: number; etag: string } | undefined> {
  try {
    const { size, etag } = await client.headObject({ ...target, signal });
    return { size, etag };
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
