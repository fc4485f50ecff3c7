import { MultipartError } from '../errors.ts';
import type { ServiceProfile } from '../service/service-profile.ts';

/** Unknown-size uploads double the part size every this many parts. */
export const GROWTH_STEP_PARTS = 1000;

/**
 * The part size for a known size: the requested size, raised as needed so the parts fit in the profile's
 * count (the ceiling, never one part too many), and kept within its limits.
 * @throws {MultipartError} `MULTIPART_TOO_LARGE` when even the largest parts cannot hold the object.
 */
export function partSizeForKnownSize(size: number, requested: number, profile: ServiceProfile): number {
  if (size > profile.maxObjectSize) {
    throw new MultipartError(
      'MULTIPART_TOO_LARGE',
      `${size} bytes is over the ${profile.maxObjectSize}-byte object limit`,
    );
  }
  const fitting = Math.ceil(size / profile.maxParts);
  return Math.min(profile.maxPartSize, Math.max(requested, fitting, profile.minPartSize));
}

/**
 * The size of part `partNumber` of an unknown-size upload: the initial size, doubled every
 * {@link GROWTH_STEP_PARTS} parts, capped by the profile. From 8 MiB, 10000 parts reach the 5 GiB cap
 * (about 7.8 TiB in all) while the first thousand parts cost only 8 MiB each.
 */
export function partSizeAt(partNumber: number, initial: number, profile: ServiceProfile): number {
  const doublings = Math.floor((partNumber - 1) / GROWTH_STEP_PARTS);
  return Math.min(profile.maxPartSize, initial * 2 ** doublings);
}
