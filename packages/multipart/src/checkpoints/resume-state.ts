import { ServiceError } from '@jsskit/http-transport';
import type { ObjectAttributes } from '@jsskit/wire-types';
import { MultipartError } from '../errors.ts';
import { abortUpload, type ObjectTarget } from '../service/jss-calls.ts';
import type { EngineClient } from '../service/service-connection.ts';
import { isSameSource, type SourceFingerprint } from '../sources/source-fingerprint.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import type { UploadState } from './upload-state.ts';

/** What an upload about to start knows of itself. */
export interface StartingUpload {
  readonly client: EngineClient;
  readonly target: ObjectTarget;
  /** Content type, storage class, encryption: checked already (`objectHeaders`). */
  readonly attributes: ObjectAttributes;
  readonly layout: UploadState['layout'];
  readonly partSize: number;
  readonly size: number | undefined;
  readonly fingerprint: SourceFingerprint | undefined;
  readonly store: CheckpointStore | undefined;
  readonly checkpointId: string | undefined;
  readonly onSourceChange: 'error' | 'restart';
  readonly signal: AbortSignal;
}

async function initiate(upload: StartingUpload): Promise<UploadState> {
  const { uploadId } = await upload.client.initiateMultipartUpload({
    ...upload.attributes,
    ...upload.target,
    signal: upload.signal,
  });
  const state: UploadState = {
    version: 1,
    ...upload.target,
    uploadId,
    partSize: upload.partSize,
    layout: upload.layout,
    size: upload.size,
    fingerprint: upload.fingerprint,
    parts: [],
    initiatedAt: new Date().toISOString(),
  };
  if (upload.store !== undefined && upload.checkpointId !== undefined)
    await upload.store.save(upload.checkpointId, state);
  return state;
}

/**
 * The state to continue from: the checkpoint reconciled with ListParts (a part is reused only when the
 * server holds it with the recorded size and an ETag equal to its recorded MD5), or a new upload.
 * @throws {MultipartError} `MULTIPART_SOURCE_CHANGED` when the source differs from the checkpoint's.
 */
export async function resumeOrInitiate(upload: StartingUpload): Promise<UploadState> {
  const { store, checkpointId } = upload;
  const saved =
    store === undefined || checkpointId === undefined ? undefined : await store.load(checkpointId);
  if (saved === undefined) return initiate(upload);
  const isSamePlan =
    saved.bucket === upload.target.bucket &&
    saved.key === upload.target.key &&
    saved.layout === upload.layout &&
    saved.partSize === upload.partSize;
  const isSameData =
    saved.fingerprint === undefined ||
    upload.fingerprint === undefined ||
    isSameSource(saved.fingerprint, upload.fingerprint);
  if (!isSameData && upload.onSourceChange === 'error') {
    throw new MultipartError(
      'MULTIPART_SOURCE_CHANGED',
      `the source changed since upload ${saved.uploadId} was checkpointed; pass onSourceChange: 'restart' to start over`,
      { uploadId: saved.uploadId, state: saved },
    );
  }
  if (!isSamePlan || !isSameData) {
    await abortUpload(upload.client, { ...upload.target, uploadId: saved.uploadId }, upload.signal).catch(
      () => undefined,
    );
    return initiate(upload);
  }
  try {
    const listed = await upload.client.listParts({
      ...upload.target,
      uploadId: saved.uploadId,
      signal: upload.signal,
    });
    const onServer = new Map(listed.map((part) => [part.partNumber, part]));
    const parts = saved.parts.filter((part) => {
      const held = onServer.get(part.partNumber);
      return held !== undefined && held.size === part.size && held.etag === part.md5;
    });
    return { ...saved, parts };
  } catch (error) {
    if (ServiceError.isInstance(error) && error.serviceCode === 'NoSuchUpload') return initiate(upload);
    throw error;
  }
}
