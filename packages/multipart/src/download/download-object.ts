import type { Writable } from 'node:stream';
import type { Client } from '@jsskit/client';
import type { RateLimit } from '@jsskit/http-transport';
import { MultipartError } from '../errors.ts';
import type { MemoryBudget } from '../parts/memory-budget.ts';
import { downloadClient, type ServiceConnection } from '../service/service-connection.ts';
import type { ServiceProfile } from '../service/service-profile.ts';
import { downloadFailure } from './download-failure.ts';
import type { DownloadCheck } from './download-hashes.ts';
import { downloadInParts } from './download-in-parts.ts';
import { contiguousEnd, downloadsInParts } from './part-layout.ts';
import { type DownloadRun, finishPartial, startDownload } from './partial-file.ts';
import { receiveBody, requestBody } from './receive-body.ts';
import type { Verified } from './verify-parts.ts';

/** Progress of a download. */
export interface DownloadProgress {
  /** Bytes of the object in place so far (kept from a partial file plus received). */
  readonly doneBytes: number;
  /** Bytes received over the network in this run, a restarted stretch counted again. */
  readonly receivedBytes: number;
  /** Bytes kept from an earlier interrupted run. */
  readonly resumedBytes: number;
  readonly totalBytes: number | undefined;
}

/** Options of {@link downloadObject}: `client` (or `transport`), what to read and where it goes. */
export interface DownloadOptions extends ServiceConnection {
  readonly bucket: string;
  readonly key: string;
  /**
   * A file path (written to `<path>.jss-partial`, renamed when verified, resumed with Range requests) or a
   * Node Writable such as stdout (streamed, not resumable across runs).
   */
  readonly destination: string | Writable;
  /** Keep and continue a partial file from an earlier run. @defaultValue true */
  readonly resume?: boolean | undefined;
  /**
   * The part size the object was uploaded with, for the multipart ETag check. Given, it makes the check
   * required: bytes matching neither the MD5 nor the multipart ETag of that layout fail with
   * `MULTIPART_CHECKSUM_MISMATCH`, as with `requireChecksum`. @defaultValue the upload default for its size
   */
  readonly partSize?: number | undefined;
  /**
   * Ranged GETs in flight for a file download of two parts or more (one per part of the assumed layout);
   * 1 reads the object in one GET, as a Writable destination always does. @defaultValue 4
   */
  readonly concurrency?: number | undefined;
  /**
   * The smallest object (of two parts or more) fetched in parallel ranged GETs; below it a file download is
   * one GET streamed in order, which costs no extra requests. @defaultValue 32 MiB
   */
  readonly parallelThreshold?: number | undefined;
  /** Where the buffers of a download in parts come from (1 MiB per GET in flight). @defaultValue the budget shared by uploads */
  readonly memoryBudget?: MemoryBudget | undefined;
  /**
   * Fail with `MULTIPART_CHECKSUM_MISMATCH` when the bytes match neither the MD5 nor the multipart ETag of
   * the assumed layout, rather than report `check: 'size'` (the right `partSize` makes the check possible).
   * @defaultValue false (true in effect up to the smallest part size)
   */
  readonly requireChecksum?: boolean | undefined;
  /** Re-requests (from the byte reached) after a connection fails mid-body, counted over all parts. @defaultValue 5 */
  readonly maxRestarts?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** A cap on how fast the object is read (`createRateLimit`), shareable with uploads and other downloads. */
  readonly rateLimit?: RateLimit | undefined;
  readonly onProgress?: ((progress: DownloadProgress) => void) | undefined;
  readonly profile?: ServiceProfile | undefined;
}

/** What a download did and how it was checked. */
export interface DownloadResult {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  /** `md5` or `multipart-etag` when the bytes match the ETag; `size` when only the size could be checked. */
  readonly check: DownloadCheck;
  readonly receivedBytes: number;
  readonly resumedBytes: number;
  readonly restarts: number;
  readonly seconds: number;
}

function checkDownloadOptions(options: DownloadOptions): void {
  const { concurrency, partSize, parallelThreshold } = options;
  if (parallelThreshold !== undefined && !(Number.isInteger(parallelThreshold) && parallelThreshold >= 0))
    throw new MultipartError('MULTIPART_INVALID_OPTIONS', 'parallelThreshold must be a non-negative integer');
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1))
    throw new MultipartError('MULTIPART_INVALID_OPTIONS', 'concurrency must be a positive integer');
  if (partSize !== undefined && !(Number.isInteger(partSize) && partSize >= 1))
    throw new MultipartError('MULTIPART_INVALID_OPTIONS', 'partSize must be a positive integer');
}

/**
 * One pass: in parts when the partial file's journal or the object's size says so, else one GET streamed
 * in order. Undefined when the download has to start over (the object changed, or a body to resume).
 */
async function downloadOnce(
  client: Pick<Client, 'getObject'>,
  run: DownloadRun,
): Promise<Verified | undefined> {
  const { sidecar, options } = run;
  if (run.toFile && sidecar !== undefined && run.offset > 0) {
    if (downloadsInParts(sidecar.size, options)) return downloadInParts(client, run, undefined);
    run.offset = Math.min(run.offset, contiguousEnd(sidecar));
  }
  const response = await requestBody(client, run);
  if (response === undefined) return undefined;
  if (run.toFile && run.offset === 0 && downloadsInParts(response.size, options))
    return downloadInParts(client, run, response);
  return receiveBody(run, response);
}

/**
 * Downloads an object to a file or a Writable. A file download survives interruptions: the bytes go to
 * `<path>.jss-partial` and a later run continues it (starting over if the object changed); a connection lost
 * mid-body is resumed from the byte reached. A file of `parallelThreshold` or more and two parts or more is
 * fetched in parallel ranged GETs, one per part of the assumed layout, and its sidecar lists the parts
 * written so a rerun fetches only the rest; smaller objects and Writables are one GET read in order. The
 * bytes are checked against the size and, where the ETag allows, the MD5 (single PUT) or the multipart ETag;
 * with `partSize` given or `requireChecksum`, a mismatch fails rather than report `check: 'size'`. A resumed
 * download re-reads the parts its journal lists and fetches again any whose bytes on disk no longer match
 * their recorded MD5, so the check is of the bytes on disk.
 * @throws {MultipartError} `MULTIPART_INVALID_OPTIONS` (nothing touched), `MULTIPART_DOWNLOAD_FAILED` (the
 * partial file stays for a later run once the object answered; a failure before that, such as NoSuchKey,
 * leaves no file), `MULTIPART_CHECKSUM_MISMATCH` (the partial file is removed), `MULTIPART_ABORTED`.
 */
export async function downloadObject(options: DownloadOptions): Promise<DownloadResult> {
  const started = performance.now();
  const client = downloadClient(options);
  checkDownloadOptions(options);
  const run = await startDownload(options);
  try {
    let verified: Verified | undefined;
    while (verified === undefined) verified = await downloadOnce(client, run);
    await finishPartial(run);
    return {
      bucket: options.bucket,
      key: options.key,
      ...verified,
      receivedBytes: run.received,
      resumedBytes: run.resumedBytes,
      restarts: run.restarts,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    throw await downloadFailure(error, run);
  }
}
