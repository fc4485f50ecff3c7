import { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE } from '../planning/defaults.ts';
import { partSizeForKnownSize } from '../planning/plan-parts.ts';
import { JSS_PROFILE } from '../service/service-profile.ts';
import type { DownloadOptions } from './download-object.ts';
import type { PartRange } from './fetch-part.ts';
import type { Sidecar } from './partial-file.ts';

/** The part size assumed for an object of `size`: the given one, else what an upload would use. */
export function assumedPartSize(size: number, options: DownloadOptions): number {
  return options.partSize ?? partSizeForKnownSize(size, DEFAULT_PART_SIZE, options.profile ?? JSS_PROFILE);
}

/** The smallest object downloaded in parallel parts when no `parallelThreshold` is given. */
export const DEFAULT_PARALLEL_THRESHOLD = 32 * 1024 * 1024;

/**
 * Whether a download to a file goes in parallel parts: an object of two parts or more and at least the
 * parallel threshold, at a concurrency above 1. Any other is one GET streamed in order.
 */
export function downloadsInParts(size: number, options: DownloadOptions): boolean {
  return (
    (options.concurrency ?? DEFAULT_CONCURRENCY) > 1 &&
    size >= (options.parallelThreshold ?? DEFAULT_PARALLEL_THRESHOLD) &&
    size >= 2 * assumedPartSize(size, options)
  );
}

/** The parts of the assumed layout, in order. */
export function partRanges(size: number, partSize: number): PartRange[] {
  const ranges: PartRange[] = [];
  for (let start = 0, index = 0; start < size; start += partSize, index++)
    ranges.push({ index, start, end: Math.min(size, start + partSize) });
  return ranges;
}

/** Where the bytes of a sidecar's parts stop being contiguous from the start: all a stream can resume from. */
export function contiguousEnd(sidecar: Sidecar): number {
  if (sidecar.parts === undefined || sidecar.partSize === undefined) return sidecar.size;
  let end = 0;
  for (const part of partRanges(sidecar.size, sidecar.partSize)) {
    if (sidecar.parts[String(part.index)] === undefined) break;
    end = part.end;
  }
  return end;
}
