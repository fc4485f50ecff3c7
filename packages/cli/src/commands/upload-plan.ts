import {
  DEFAULT_CONCURRENCY,
  DEFAULT_PART_SIZE,
  defaultMemoryBudget,
  JSS_PROFILE,
  partSizeForKnownSize,
} from '@jsskit/multipart';
import { formatBytes, type Output } from '../output.ts';

/** What `jss cp` asked of an upload, and the size of its source (undefined for stdin). */
export interface UploadRequest {
  readonly size: number | undefined;
  readonly partSize?: number | undefined;
  readonly concurrency?: number | undefined;
}

/** The part size the engine will use: the request raised to the smallest part and to fit the part count. */
function effectivePartSize(request: UploadRequest): number {
  const requested = request.partSize ?? DEFAULT_PART_SIZE;
  return request.size === undefined
    ? Math.max(JSS_PROFILE.minPartSize, requested)
    : partSizeForKnownSize(request.size, requested, JSS_PROFILE);
}

/**
 * The parts in flight to ask the engine for, said on stderr when it is fewer than requested, and the part size
 * when it was raised (docs/adr/0022). Each part in flight holds its buffer within the process's memory budget
 * (128 MiB), so no more than budget / part size parts can be in flight, whatever `--concurrency` says.
 */
export function planUpload(output: Output, request: UploadRequest): { readonly concurrency: number } {
  const requested = request.partSize ?? DEFAULT_PART_SIZE;
  const partSize = effectivePartSize(request);
  const matters = request.size === undefined || request.size > requested;
  if (partSize > requested && matters) {
    const why =
      partSize === JSS_PROFILE.minPartSize
        ? 'the smallest part this tool sends'
        : `to fit the file in ${JSS_PROFILE.maxParts} parts`;
    output.notice(`part size raised from ${formatBytes(requested)} to ${formatBytes(partSize)}: ${why}`);
  }
  const budget = defaultMemoryBudget.limitBytes;
  const most = Math.max(1, Math.floor(budget / partSize));
  const concurrency = request.concurrency ?? DEFAULT_CONCURRENCY;
  // A cap that only bites when more than `most` parts exist: a smaller file is left alone, and so is its stderr.
  const isCapped = concurrency > most && (request.size === undefined || request.size > most * partSize);
  if (!isCapped) return { concurrency: Math.min(concurrency, most) };
  output.notice(
    `--concurrency ${concurrency} lowered to ${most}: each part in flight holds its ${formatBytes(partSize)} in a ${formatBytes(budget)} memory budget`,
  );
  return { concurrency: most };
}
