import { planUpload as planEngineUpload } from '@jsskit/multipart';
import { formatBytes, type Output } from '../output.ts';

/** What `jss cp` asked of an upload, and the size of its source (undefined for stdin). */
export interface UploadRequest {
  readonly size: number | undefined;
  readonly partSize?: number | undefined;
  readonly concurrency?: number | undefined;
}

/**
 * The parts in flight to ask the engine for, said on stderr when it is fewer than requested, and the part size
 * when it was raised (docs/adr/0022). Each part in flight holds its buffer within the process's memory budget
 * (128 MiB), so no more than budget / part size parts can be in flight, whatever `--concurrency` says.
 */
export function planUpload(output: Output, request: UploadRequest): { readonly concurrency: number } {
  const plan = planEngineUpload(request);
  const { partSize, requestedPartSize: requested } = plan;
  const matters = request.size === undefined || request.size > requested;
  if (plan.partSizeRaised !== undefined && matters) {
    const why =
      plan.partSizeRaised === 'smallest-part'
        ? 'the smallest part this tool sends'
        : `to fit the file in ${plan.maxParts} parts`;
    output.notice(`part size raised from ${formatBytes(requested)} to ${formatBytes(partSize)}: ${why}`);
  }
  const budget = plan.memoryBudgetBytes;
  const most = Math.max(1, Math.floor(budget / partSize));
  const concurrency = plan.concurrency;
  // A cap that only bites when more than `most` parts exist: a smaller file is left alone, and so is its stderr.
  const isCapped = concurrency > most && (request.size === undefined || request.size > most * partSize);
  if (!isCapped) return { concurrency: Math.min(concurrency, most) };
  output.notice(
    `--concurrency ${concurrency} lowered to ${most}: each part in flight holds its ${formatBytes(partSize)} in a ${formatBytes(budget)} memory budget`,
  );
  return { concurrency: most };
}
