import { MultipartError } from '../errors.ts';
import { DEFAULT_CLEANUP_TIMEOUT_MS } from '../planning/defaults.ts';
import { abortUpload } from '../service/jss-calls.ts';
import type { UploadRun } from './upload-run.ts';

/**
 * What a failed multipart upload leaves (docs/adr/0011). onFailure 'abort': the upload is aborted on the
 * server (within cleanupTimeoutMs, whatever stopped it) and its checkpoint removed; the error then carries
 * no resumable state. 'keep' returns the error as it is.
 */
export async function cleanUpFailure(run: UploadRun, failure: MultipartError): Promise<MultipartError> {
  const { uploadId } = failure;
  const { options } = run;
  if (options.onFailure !== 'abort' || uploadId === undefined) return failure;
  const { checkpointStore } = options;
  const { checkpointId } = run;
  const details = { uploadId, failedParts: failure.failedParts, cause: failure.cause };
  try {
    const signal = AbortSignal.timeout(options.cleanupTimeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MS);
    await abortUpload(run.client, { ...run.target, uploadId }, signal);
    if (checkpointStore !== undefined && checkpointId !== undefined)
      await checkpointStore.remove(checkpointId);
  } catch (error) {
    return new MultipartError(
      failure.code,
      `${failure.message}; aborting upload ${uploadId} on the server failed too (${(error as Error).message}): it is left on the server`,
      { ...details, state: failure.state, cleanup: 'abort-failed', cleanupError: error },
    );
  }
  return new MultipartError(
    failure.code,
    `${failure.message}; upload ${uploadId} was aborted on the server`,
    {
      ...details,
      cleanup: 'aborted',
    },
  );
}
