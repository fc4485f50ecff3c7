import type { PartSummary } from '@jsskit/wire-types';
import { abortUpload } from '../service/jss-calls.ts';
import { connectionClient, type ServiceConnection } from '../service/service-connection.ts';
import { partSummaryOf } from '../service/wire-summaries.ts';

/** One in-progress upload, by id, and the client (or transport) to reach it. */
export interface UploadRef extends ServiceConnection {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly signal?: AbortSignal | undefined;
}

/** Aborts an upload and frees its parts on the server; an upload already gone counts as aborted. */
export async function abortMultipartUpload(upload: UploadRef): Promise<void> {
  const target = { bucket: upload.bucket, key: upload.key, uploadId: upload.uploadId };
  await abortUpload(connectionClient(upload), target, upload.signal);
}

/** Every part the server holds for an upload (the client's `listParts`, every page), in the wire's shape. */
export async function listUploadedParts(upload: UploadRef): Promise<PartSummary[]> {
  const { bucket, key, uploadId, signal } = upload;
  const parts = await connectionClient(upload).listParts({ bucket, key, uploadId, signal });
  return parts.map(partSummaryOf);
}
