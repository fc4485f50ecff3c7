import { MultipartError } from '../errors.ts';
import { JSS_PROFILE, type ServiceProfile } from '../service/service-profile.ts';
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_PART_SIZE } from './defaults.ts';
import { GROWTH_STEP_PARTS, partSizeAt, partSizeForKnownSize } from './plan-parts.ts';

/** Options of {@link planUpload}: the same knobs as an upload, and the size when it is known. */
export interface PlanOptions {
  /** Undefined for a stream of unknown size. */
  readonly size?: number | undefined;
  readonly partSize?: number | undefined;
  readonly concurrency?: number | undefined;
  readonly maxBufferedBytes?: number | undefined;
  readonly profile?: ServiceProfile | undefined;
}

/** What an upload will do, computed before anything is sent. */
export interface UploadPlan {
  readonly mode: 'single' | 'multipart';
  readonly partSize: number;
  /** Undefined for an unknown size. */
  readonly partCount: number | undefined;
  readonly lastPartSize: number | undefined;
  /** HTTP requests without retries: 1 for a PutObject, parts + 2 for multipart. */
  readonly requests: number | undefined;
  /** The most part-buffer memory the upload holds at once. */
  readonly peakBufferBytes: number;
  /** For an unknown size: part sizes double every this many parts. */
  readonly growthStepParts: number | undefined;
  /** The largest object the plan can carry. */
  readonly maxObjectSize: number;
}

/** A dry run: part layout, request count and peak memory, before anything is sent. @throws {MultipartError} */
export function planUpload(options: PlanOptions): UploadPlan {
  const profile = options.profile ?? JSS_PROFILE;
  const requested = options.partSize ?? DEFAULT_PART_SIZE;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const budget = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  // In flight: one buffer per worker plus the one being read; never more than the budget (or one part).
  const peak = (partSize: number) => Math.max(partSize, Math.min(budget, (concurrency + 1) * partSize));
  if (options.size === undefined) {
    const partSize = Math.max(profile.minPartSize, requested);
    let maxObjectSize = 0;
    for (let part = 1; part <= profile.maxParts; part += GROWTH_STEP_PARTS)
      maxObjectSize +=
        Math.min(GROWTH_STEP_PARTS, profile.maxParts - part + 1) * partSizeAt(part, partSize, profile);
    return {
      mode: 'multipart',
      partSize,
      partCount: undefined,
      lastPartSize: undefined,
      requests: undefined,
      peakBufferBytes: peak(partSize),
      growthStepParts: GROWTH_STEP_PARTS,
      maxObjectSize,
    };
  }
  if (!Number.isInteger(options.size) || options.size < 0)
    throw new MultipartError('MULTIPART_INVALID_OPTIONS', 'size must be a non-negative integer');
  const partSize = partSizeForKnownSize(options.size, requested, profile);
  const maxObjectSize = profile.maxObjectSize;
  if (options.size <= partSize && options.size <= profile.maxSinglePutSize) {
    return {
      mode: 'single',
      partSize,
      partCount: 1,
      lastPartSize: options.size,
      requests: 1,
      peakBufferBytes: options.size,
      growthStepParts: undefined,
      maxObjectSize,
    };
  }
  const partCount = Math.ceil(options.size / partSize);
  const lastPartSize = options.size - (partCount - 1) * partSize;
  return {
    mode: 'multipart',
    partSize,
    partCount,
    lastPartSize,
    requests: partCount + 2,
    peakBufferBytes: peak(partSize),
    growthStepParts: undefined,
    maxObjectSize,
  };
}
