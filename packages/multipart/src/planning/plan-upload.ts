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
  /** The part size asked for (the default when none was given), before the planner raised or capped it. */
  readonly requestedPartSize: number;
  /**
   * Why `partSize` is above the request: `smallest-part` (the profile's smallest part) or `part-count` (to
   * fit the object in `maxParts` parts); undefined when it was not raised.
   */
  readonly partSizeRaised: 'smallest-part' | 'part-count' | undefined;
  /** The profile's part count limit. */
  readonly maxParts: number;
  /** Undefined for an unknown size. */
  readonly partCount: number | undefined;
  readonly lastPartSize: number | undefined;
  /** HTTP requests without retries: 1 for a PutObject, parts + 2 for multipart. */
  readonly requests: number | undefined;
  /** The most parts in flight: the concurrency asked for, or the default. */
  readonly concurrency: number;
  /** The memory budget part buffers come from: `maxBufferedBytes`, or the shared default budget's size. */
  readonly memoryBudgetBytes: number;
  /** The most part-buffer memory the upload holds at once. */
  readonly peakBufferBytes: number;
  /** For an unknown size: part sizes double every this many parts. */
  readonly growthStepParts: number | undefined;
  /** The largest object the plan can carry. */
  readonly maxObjectSize: number;
}

type Common = Pick<
  UploadPlan,
  'partSize' | 'requestedPartSize' | 'partSizeRaised' | 'maxParts' | 'concurrency' | 'memoryBudgetBytes'
>;

function commonPlan(options: PlanOptions, profile: ServiceProfile): Common {
  const requestedPartSize = options.partSize ?? DEFAULT_PART_SIZE;
  const partSize =
    options.size === undefined
      ? Math.max(profile.minPartSize, requestedPartSize)
      : partSizeForKnownSize(options.size, requestedPartSize, profile);
  const raisedTo = partSize === profile.minPartSize ? 'smallest-part' : 'part-count';
  return {
    partSize,
    requestedPartSize,
    partSizeRaised: partSize > requestedPartSize ? raisedTo : undefined,
    maxParts: profile.maxParts,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    memoryBudgetBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
  };
}

/** In flight: one buffer per worker plus the one being read; never more than the budget (or one part). */
function peakOf(common: Common): number {
  const { partSize, concurrency, memoryBudgetBytes } = common;
  return Math.max(partSize, Math.min(memoryBudgetBytes, (concurrency + 1) * partSize));
}

function unknownSizePlan(common: Common, profile: ServiceProfile): UploadPlan {
  let maxObjectSize = 0;
  for (let part = 1; part <= profile.maxParts; part += GROWTH_STEP_PARTS)
    maxObjectSize +=
      Math.min(GROWTH_STEP_PARTS, profile.maxParts - part + 1) * partSizeAt(part, common.partSize, profile);
  return {
    ...common,
    mode: 'multipart',
    partCount: undefined,
    lastPartSize: undefined,
    requests: undefined,
    peakBufferBytes: peakOf(common),
    growthStepParts: GROWTH_STEP_PARTS,
    maxObjectSize,
  };
}

/** A dry run: part layout, request count and peak memory, before anything is sent. @throws {MultipartError} */
export function planUpload(options: PlanOptions): UploadPlan {
  const profile = options.profile ?? JSS_PROFILE;
  const { size } = options;
  if (size !== undefined && (!Number.isInteger(size) || size < 0))
    throw new MultipartError('MULTIPART_INVALID_OPTIONS', 'size must be a non-negative integer');
  const common = commonPlan(options, profile);
  if (size === undefined) return unknownSizePlan(common, profile);
  const { partSize } = common;
  const maxObjectSize = profile.maxObjectSize;
  if (size <= partSize && size <= profile.maxSinglePutSize) {
    const layout = { partCount: 1, lastPartSize: size, requests: 1, peakBufferBytes: size };
    return { ...common, mode: 'single', ...layout, growthStepParts: undefined, maxObjectSize };
  }
  const partCount = Math.ceil(size / partSize);
  const lastPartSize = size - (partCount - 1) * partSize;
  const layout = { partCount, lastPartSize, requests: partCount + 2, peakBufferBytes: peakOf(common) };
  return { ...common, mode: 'multipart', ...layout, growthStepParts: undefined, maxObjectSize };
}
