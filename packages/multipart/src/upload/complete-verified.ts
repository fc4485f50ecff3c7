import { computeMultipartETag } from '@jsskit/wire-types';
import type { UploadState } from '../checkpoints/upload-state.ts';
import { MultipartError } from '../errors.ts';
import { runtimeHashing } from '../internal/hashing.ts';
import { completeUpload, headObject, isUnsettledComplete } from '../service/jss-calls.ts';
import { uploadFailure } from './upload-failure.ts';
import type { UploadResult } from './upload-options.ts';
import { resultOf, type UploadRun } from './upload-run.ts';

/**
 * Sends Complete and settles its outcome: its answer, or, when the answer was lost (the object may be
 * committed), a HEAD that must show the expected size and ETag.
 */
async function completeOrHead(
  run: UploadRun,
  state: UploadState,
  expected: { readonly size: number; readonly etag: string },
): Promise<{ readonly etag: string; readonly confirmedByHead: boolean }> {
  const { uploadId, parts } = state;
  try {
    const etag = await completeUpload(run.client, { ...run.target, uploadId, parts }, run.stop.signal);
    return { etag, confirmedByHead: false };
  } catch (error) {
    if (run.stop.signal.aborted) throw uploadFailure(error, run, { phase: 'complete', state });
    if (!isUnsettledComplete(error))
      throw new MultipartError(
        'MULTIPART_COMPLETE_FAILED',
        `Complete of ${uploadId} failed: ${(error as Error).message}`,
        { uploadId, state, cause: error },
      );
    const head = await headObject(run.client, run.target, run.stop.signal);
    if (head === undefined || head.size !== expected.size || head.etag !== expected.etag) {
      throw new MultipartError(
        'MULTIPART_COMPLETE_FAILED',
        `Complete of ${uploadId} got no answer and the object is not there as expected`,
        { uploadId, state, cause: error },
      );
    }
    return { etag: head.etag, confirmedByHead: true };
  }
}

/**
 * Completes the upload of `state`'s parts and checks the object ETag against the multipart ETag computed
 * from the parts' MD5s (protocol §8.5).
 * @throws {MultipartError} `MULTIPART_COMPLETE_FAILED`, `MULTIPART_CHECKSUM_MISMATCH`, or the stop's code.
 */
export async function completeVerified(
  run: UploadRun,
  state: UploadState,
): Promise<Omit<UploadResult, 'seconds'>> {
  run.progress.completing();
  const parts = state.parts;
  const expected = computeMultipartETag(
    parts.map((part) => part.md5),
    runtimeHashing.md5Hex,
  );
  const size = parts.reduce((sum, part) => sum + part.size, 0);
  run.completing = { size, etag: expected };
  const { etag, confirmedByHead } = await completeOrHead(run, state, { size, etag: expected });
  if (etag !== expected) {
    throw new MultipartError(
      'MULTIPART_CHECKSUM_MISMATCH',
      `the object ETag ${etag} differs from the multipart ETag ${expected} computed from the parts sent`,
      { uploadId: state.uploadId, state },
    );
  }
  return resultOf(run, { etag, size, parts: parts.length, confirmedByHead });
}
