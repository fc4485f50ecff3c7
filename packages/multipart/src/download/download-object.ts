import type { Writable } from 'node:stream';
import type { RateLimit } from '@jsskit/http-transport';
import { downloadClient, type ServiceConnection } from '../service/service-connection.ts';
import type { ServiceProfile } from '../service/service-profile.ts';
import { downloadFailure } from './download-failure.ts';
import type { DownloadCheck } from './download-hashes.ts';
import { finishPartial, startDownload } from './partial-file.ts';
import { receiveBody, requestBody } from './receive-body.ts';

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
  /** The part size the object was uploaded with, for the multipart ETag check. @defaultValue the upload default for its size */
  readonly partSize?: number | undefined;
  /** Re-requests (from the byte reached) after a connection fails mid-body. @defaultValue 5 */
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

/**
 * Downloads an object, streaming it to a file or a Writable. A file download survives interruptions: the
 * bytes go to `<path>.jss-partial` and a later run continues with a Range request (starting over if the
 * object changed); a connection lost mid-body is resumed from the byte reached. The bytes are checked
 * against the size and, where the ETag allows, the MD5 (single PUT) or the multipart ETag.
 * @throws {MultipartError} `MULTIPART_DOWNLOAD_FAILED` (the partial file stays for a later run once the
 * object answered; a failure before that, such as NoSuchKey, leaves no file), `MULTIPART_CHECKSUM_MISMATCH`
 * (the partial file is removed), `MULTIPART_ABORTED`.
 */
export async function downloadObject(options: DownloadOptions): Promise<DownloadResult> {
  const started = performance.now();
  const client = downloadClient(options);
  const run = await startDownload(options);
  try {
    let verified: { size: number; etag: string; check: DownloadCheck } | undefined;
    while (verified === undefined) {
      const response = await requestBody(client, run);
      if (response !== undefined) verified = await receiveBody(run, response);
    }
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
