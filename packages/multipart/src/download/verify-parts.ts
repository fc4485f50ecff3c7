import { createReadStream } from 'node:fs';
import { computeMultipartETag } from '@jsskit/wire-types';
import { MultipartError } from '../errors.ts';
import { type IncrementalMd5, runtimeHashing } from '../internal/hashing.ts';
import { JSS_PROFILE } from '../service/service-profile.ts';
import type { DownloadCheck } from './download-hashes.ts';
import type { DownloadRun } from './partial-file.ts';

/**
 * Whether the caller vouches for the layout, so that bytes matching neither ETag form are a mismatch:
 * `requireChecksum`, or a `partSize` given explicitly (ADR 0031).
 */
export function layoutKnown(options: {
  readonly requireChecksum?: boolean | undefined;
  readonly partSize?: number | undefined;
}): boolean {
  return options.requireChecksum === true || options.partSize !== undefined;
}

/** How a download was verified. */
export interface Verified {
  readonly size: number;
  readonly etag: string;
  readonly check: DownloadCheck;
}

/** Feeds the file's bytes `start` to `end` (exclusive) to `md5`, in order. */
export async function feedFileRange(
  path: string,
  range: { readonly start: number; readonly end: number },
  md5: IncrementalMd5,
): Promise<IncrementalMd5> {
  const { start, end } = range;
  if (end > start)
    for await (const chunk of createReadStream(path, { start, end: end - 1, highWaterMark: 1 << 20 }))
      md5.update(chunk as Buffer);
  return md5;
}

/** The MD5 of the file's bytes `start` to `end` (exclusive), read in order. */
export async function hashFileRange(path: string, start: number, end: number): Promise<string> {
  return (await feedFileRange(path, { start, end }, runtimeHashing.createMd5())).digestHex();
}

/**
 * Checks a download in parts against the ETag: first the multipart ETag of the part MD5s (no second pass);
 * when that fails, the MD5 of the whole file, read back in order (a single PUT, or a one-part upload).
 * Neither matching is a mismatch for objects up to the smallest part size, with `requireChecksum` or with
 * a `partSize` given; otherwise the layout is unknown and only the size was checked (ADR 0009, 0031).
 */
export async function verifyParts(
  run: DownloadRun,
  object: { readonly etag: string; readonly size: number },
  partMd5s: readonly string[],
): Promise<Verified> {
  const { etag, size } = object;
  if (computeMultipartETag(partMd5s, runtimeHashing.md5Hex) === etag)
    return { size, etag, check: 'multipart-etag' };
  const whole = await hashFileRange(run.partial, 0, size);
  if (whole === etag) return { size, etag, check: 'md5' };
  if (computeMultipartETag([whole], runtimeHashing.md5Hex) === etag)
    return { size, etag, check: 'multipart-etag' };
  if (layoutKnown(run.options) || size <= JSS_PROFILE.minPartSize)
    throw new MultipartError(
      'MULTIPART_CHECKSUM_MISMATCH',
      `the downloaded bytes match neither the MD5 nor the multipart ETag ${etag} of ${partMd5s.length} parts`,
    );
  return { size, etag, check: 'size' };
}
