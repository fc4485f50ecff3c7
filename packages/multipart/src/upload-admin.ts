import type { Transport } from '@jsskit/http-transport';
import type { PartSummary } from '@jsskit/wire-types';
import { abortUpload, listAllParts } from './jss-calls.ts';

/** One in-progress upload, by id. */
export interface UploadRef {
  readonly transport: Transport;
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly signal?: AbortSignal | undefined;
}

/** Aborts an upload and frees its parts on the server; an upload already gone counts as aborted. */
export async function abortMultipartUpload(upload: UploadRef): Promise<void> {
  const target = { bucket: upload.bucket, key: upload.key };
  await abortUpload(upload.transport, target, upload.uploadId, upload.signal);
}

/** Every part the server holds for an upload (ListParts, all pages). */
export async function listUploadedParts(upload: UploadRef): Promise<PartSummary[]> {
  const target = { bucket: upload.bucket, key: upload.key };
  const signal = upload.signal ?? new AbortController().signal;
  return listAllParts(upload.transport, target, upload.uploadId, signal);
}
