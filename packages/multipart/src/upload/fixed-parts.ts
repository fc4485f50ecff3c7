import { MultipartError } from '../errors.ts';
import { runtimeHashing } from '../internal/hashing.ts';
import type { ReadPart } from '../parts/part-pool.ts';
import { planUpload } from '../planning/plan-upload.ts';
import type { RandomAccessSource } from '../sources/upload-source.ts';
import { putSingle } from './put-single.ts';
import type { UploadResult } from './upload-options.ts';
import { uploadParts } from './upload-parts.ts';
import type { UploadRun } from './upload-run.ts';

/** Where part `partNumber` of a source of known size lies. */
interface FixedLayout {
  readonly size: number;
  readonly partSize: number;
  readonly partCount: number;
}

/** Reads one part of a random-access source into a leased buffer. */
async function readFixedPart(
  run: UploadRun,
  source: RandomAccessSource,
  part: FixedLayout & { readonly partNumber: number },
): Promise<ReadPart> {
  const { partNumber, partSize, partCount, size } = part;
  const length = partNumber < partCount ? partSize : size - (partCount - 1) * partSize;
  const lease = await run.budget.acquire(length, run.stop.signal);
  const read = await source
    .read((partNumber - 1) * partSize, lease.buffer.subarray(0, length))
    .catch((error: unknown) => {
      lease.release();
      throw new MultipartError('MULTIPART_SOURCE_FAILED', `reading part ${partNumber} failed`, {
        cause: error,
      });
    });
  if (read !== length) {
    lease.release();
    throw new MultipartError(
      'MULTIPART_SOURCE_CHANGED',
      `the source ended at part ${partNumber}: it shrank while being uploaded`,
    );
  }
  return { partNumber, bytes: lease.buffer.subarray(0, length), lease };
}

/** The checkpoint of a source: the one given, else one derived from the target and the source's identity. */
function checkpointIdOf(run: UploadRun, source: RandomAccessSource): string | undefined {
  if (run.options.checkpointId !== undefined) return run.options.checkpointId;
  if (source.identity === undefined) return undefined;
  const identity = `${run.target.bucket}\n${run.target.key}\n${source.identity}`;
  return runtimeHashing.sha256Hex(identity).slice(0, 32);
}

/** Reads what fits in one PutObject and sends it. */
async function putWhole(run: UploadRun, source: RandomAccessSource): Promise<Omit<UploadResult, 'seconds'>> {
  const { size } = source;
  const lease = await run.budget.acquire(size, run.stop.signal);
  try {
    const bytes = lease.buffer.subarray(0, await source.read(0, lease.buffer.subarray(0, size)));
    return await putSingle(run, bytes);
  } finally {
    lease.release();
  }
}

/**
 * Uploads a source of known size (bytes, a file, a Blob) as `planUpload` lays it out: one PutObject, or
 * fixed-size parts read in any order, resumable from a checkpoint with the source's fingerprint.
 */
export async function uploadFixedParts(
  run: UploadRun,
  source: RandomAccessSource,
): Promise<Omit<UploadResult, 'seconds'>> {
  const { size } = source;
  const plan = planUpload({ size, partSize: run.options.partSize, profile: run.profile });
  run.progress.total = size;
  if (plan.mode === 'single') return putWhole(run, source);
  const layout = { size, partSize: plan.partSize, partCount: plan.partCount ?? 1 };
  let cursor = 1;
  return uploadParts(run, {
    layout: 'fixed',
    partSize: plan.partSize,
    size,
    checkpointId: checkpointIdOf(run, source),
    fingerprint: run.options.checkpointStore === undefined ? undefined : await source.fingerprint(),
    nextPart: async (done) => {
      while (cursor <= layout.partCount && done.has(cursor)) cursor++;
      if (cursor > layout.partCount) return undefined;
      return readFixedPart(run, source, { ...layout, partNumber: cursor++ });
    },
  });
}
