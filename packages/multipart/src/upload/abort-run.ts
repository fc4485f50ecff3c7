import { MultipartError } from '../errors.ts';
import { abortUpload, headObject } from '../service/jss-calls.ts';
import type { UploadRun } from './upload-run.ts';

/**
 * After a run was stopped by `abort()`: aborts its upload on the server and removes its checkpoint.
 * @throws {MultipartError} `MULTIPART_ALREADY_COMPLETE` when the object that Complete (or the single
 * PutObject) sent is in place: it is left there.
 */
export async function abortRun(run: UploadRun): Promise<void> {
  const { checkpointStore } = run.options;
  const removeCheckpoint = async () => {
    if (checkpointStore !== undefined && run.checkpointId !== undefined)
      await checkpointStore.remove(run.checkpointId);
  };
  const { completing } = run;
  if (completing !== undefined) {
    const head = await headObject(run.client, run.target, new AbortController().signal);
    if (head?.size === completing.size && head.etag === completing.etag) {
      await removeCheckpoint();
      throw new MultipartError(
        'MULTIPART_ALREADY_COMPLETE',
        `the upload of ${run.target.key} was completed before it could be aborted: the object is in place (ETag ${head.etag})`,
        { uploadId: run.uploadId },
      );
    }
  }
  if (run.uploadId !== undefined) await abortUpload(run.client, { ...run.target, uploadId: run.uploadId });
  await removeCheckpoint();
}
