import type { UploadState } from '../checkpoints/upload-state.ts';
import { MultipartError, type MultipartErrorCode } from '../errors.ts';
import type { UploadRun } from './upload-run.ts';

/** Where in an upload a failure was caught; each point names it in its own words. */
export type FailurePoint =
  /** Before any request: opening the source, waiting for memory, reading a stream's first part. */
  | { readonly phase: 'start' }
  | { readonly phase: 'single-put' }
  /** The part pool stopped on its first failure; `failedParts` did not finish. */
  | { readonly phase: 'parts'; readonly state: UploadState; readonly failedParts: number[] }
  /** Complete was stopped by the caller. */
  | { readonly phase: 'complete'; readonly state: UploadState }
  /** Anything else of a multipart upload: initiate, resume, checkpoint saves. */
  | { readonly phase: 'multipart'; readonly state: UploadState | undefined };

function messageOf(error: unknown): string {
  return `${(error as Error).message ?? String(error)}`;
}

/**
 * The code of a failure: a `MultipartError` keeps its own; anything else is `MULTIPART_ABORTED` when the
 * caller stopped the upload, `MULTIPART_PART_FAILED` otherwise (a part failure cancels the parts in flight:
 * what they throw then is still a part failure).
 */
function failureCode(error: unknown, run: UploadRun): MultipartErrorCode {
  if (MultipartError.isInstance(error)) return error.code;
  return run.stop.isAbortedByCaller ? 'MULTIPART_ABORTED' : 'MULTIPART_PART_FAILED';
}

/**
 * The one failure policy of an upload: what the caller sees of an error caught at `point`. A
 * `MultipartError` passes as it is, except where the point adds what the caller needs to resume (the
 * upload id, the parts that did not finish, the state). Before any request, an error that is not the
 * upload's own passes unchanged unless the upload was stopped.
 */
export function uploadFailure(error: unknown, run: UploadRun, point: { readonly phase: 'start' }): unknown;
export function uploadFailure(
  error: unknown,
  run: UploadRun,
  point: Exclude<FailurePoint, { readonly phase: 'start' }>,
): MultipartError;
export function uploadFailure(error: unknown, run: UploadRun, point: FailurePoint): unknown {
  const { key } = run.options;
  switch (point.phase) {
    case 'start':
      if (MultipartError.isInstance(error) || !run.stop.signal.aborted) return error;
      return new MultipartError('MULTIPART_ABORTED', `the upload of ${key} was aborted`, { cause: error });
    case 'single-put':
      if (MultipartError.isInstance(error)) return error;
      return new MultipartError(
        failureCode(error, run),
        `PutObject of ${key} failed: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    case 'parts': {
      const { state, failedParts } = point;
      const reason = MultipartError.isInstance(error) ? error.message : messageOf(error);
      return new MultipartError(
        failureCode(error, run),
        `upload ${state.uploadId} of ${key} stopped: ${reason}`,
        {
          uploadId: state.uploadId,
          failedParts,
          state,
          cause: error,
        },
      );
    }
    case 'complete':
      return new MultipartError(failureCode(error, run), `Complete of ${point.state.uploadId} was stopped`, {
        uploadId: point.state.uploadId,
        state: point.state,
        cause: error,
      });
    case 'multipart':
      if (MultipartError.isInstance(error) && error.state !== undefined) return error;
      return new MultipartError(failureCode(error, run), `upload of ${key} failed: ${messageOf(error)}`, {
        uploadId: run.uploadId,
        state: point.state,
        cause: error,
      });
  }
}
