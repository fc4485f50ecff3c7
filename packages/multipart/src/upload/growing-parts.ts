import { MultipartError } from '../errors.ts';
import type { ReadPart } from '../parts/part-pool.ts';
import { partSizeAt } from '../planning/plan-parts.ts';
import { planUpload } from '../planning/plan-upload.ts';
import type { SequentialSource } from '../sources/upload-source.ts';
import { putSingle } from './put-single.ts';
import type { UploadResult } from './upload-options.ts';
import { uploadParts } from './upload-parts.ts';
import type { UploadRun } from './upload-run.ts';

/** Reads part `partNumber` of a stream (its size grows with the number); undefined at the end. */
async function readGrowingPart(
  run: UploadRun,
  source: SequentialSource,
  part: { readonly partNumber: number; readonly initial: number },
): Promise<ReadPart | undefined> {
  const { partNumber } = part;
  if (partNumber > run.profile.maxParts)
    throw new MultipartError(
      'MULTIPART_TOO_LARGE',
      `the stream is longer than ${run.profile.maxParts} parts`,
    );
  const size = partSizeAt(partNumber, part.initial, run.profile);
  const lease = await run.budget.acquire(size, run.stop.signal);
  const read = await source.read(lease.buffer.subarray(0, size)).catch((error: unknown) => {
    lease.release();
    throw error;
  });
  if (read === 0 && partNumber > 1) {
    lease.release();
    return undefined;
  }
  return { partNumber, bytes: lease.buffer.subarray(0, read), lease };
}

/**
 * Uploads a stream of unknown size: a stream that ends within its first part (of the plan's initial size)
 * is one PutObject; a longer one goes in parts read in order, growing as `planUpload` says. Streams are
 * not checkpointed: they cannot be read again.
 */
export async function uploadGrowingParts(
  run: UploadRun,
  source: SequentialSource,
): Promise<Omit<UploadResult, 'seconds'>> {
  const { partSize: initial } = planUpload({ partSize: run.options.partSize, profile: run.profile });
  const read = (partNumber: number) => readGrowingPart(run, source, { partNumber, initial });
  const first = (await read(1)) as ReadPart;
  if (first.bytes.byteLength < initial) {
    run.progress.total = first.bytes.byteLength;
    try {
      return await putSingle(run, first.bytes);
    } finally {
      first.lease.release();
    }
  }
  let nextNumber = 1;
  let total = 0;
  return uploadParts(run, {
    layout: 'growing',
    partSize: initial,
    size: undefined,
    checkpointId: undefined,
    fingerprint: undefined,
    nextPart: async () => {
      const part = nextNumber === 1 ? first : await read(nextNumber);
      nextNumber++;
      if (part === undefined) run.progress.total = total;
      else total += part.bytes.byteLength;
      return part;
    },
  });
}
