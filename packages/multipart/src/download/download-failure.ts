import { isRetryableError, RetriesExhaustedError } from '@jsskit/http-transport';
import { MultipartError } from '../errors.ts';
import { type DownloadRun, removePartial } from './partial-file.ts';

/** What a later run can do with the partial file kept: resume, at once if the failure was transient. */
function keptHint(error: unknown, partial: string): string {
  const last = RetriesExhaustedError.isInstance(error) ? error.lastError : error;
  return isRetryableError(last)
    ? '; run it again to resume'
    : `; ${partial} is kept, and a later run resumes from it`;
}

/**
 * What a failed download leaves and says. Without its sidecar a partial file cannot be resumed from (no
 * object answered yet: a 404, a refusal, an abort before the first byte), so none is left behind; damaged
 * bytes are not kept either.
 */
export async function downloadFailure(error: unknown, run: DownloadRun): Promise<unknown> {
  const { options } = run;
  await run.file?.close().catch(() => undefined);
  const mismatch = MultipartError.isInstance(error) && error.code === 'MULTIPART_CHECKSUM_MISMATCH';
  const kept = run.toFile && !mismatch && run.resumable;
  if (run.toFile && !kept) await removePartial(run);
  if (MultipartError.isInstance(error)) return error;
  if (options.signal?.aborted === true)
    return new MultipartError('MULTIPART_ABORTED', 'the download was aborted', { cause: error });
  return new MultipartError(
    'MULTIPART_DOWNLOAD_FAILED',
    `GET /${options.bucket}/${options.key} failed at byte ${run.offset}${kept ? keptHint(error, run.partial) : ''}`,
    { cause: error },
  );
}
