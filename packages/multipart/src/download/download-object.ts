import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { GetObjectResult } from '@jsskit/client';
import { isRetryableError, type RateLimit, RetriesExhaustedError } from '@jsskit/http-transport';
import { MultipartError } from '../errors.ts';
import { DEFAULT_PART_SIZE } from '../planning/defaults.ts';
import { partSizeForKnownSize } from '../planning/plan-parts.ts';
import { downloadClient, type ServiceConnection } from '../service/service-connection.ts';
import { JSS_PROFILE, type ServiceProfile } from '../service/service-profile.ts';
import { type DownloadCheck, DownloadHashes } from './download-hashes.ts';

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

interface Sidecar {
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly size: number;
}

const MAX_UNVERIFIABLE_SIZE = JSS_PROFILE.minPartSize;

async function readSidecar(path: string): Promise<Sidecar | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Sidecar;
  } catch {
    return undefined;
  }
}

async function existingBytes(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function feedFile(path: string, length: number, hashes: DownloadHashes): Promise<void> {
  if (length === 0) return;
  for await (const chunk of createReadStream(path, { start: 0, end: length - 1, highWaterMark: 1 << 20 }))
    hashes.update(chunk as Buffer);
}

/** The chunks of a web stream; leaving the loop early cancels it, which frees the connection. */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    while (!done) {
      const next = await reader.read();
      done = next.done;
      if (next.value !== undefined) yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

async function writeTo(target: Writable, chunk: Uint8Array): Promise<void> {
  if (!target.write(chunk)) await once(target, 'drain');
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
  const toFile = typeof options.destination === 'string';
  const partial = toFile ? `${options.destination as string}.jss-partial` : '';
  const sidecarPath = `${partial}.json`;
  let offset = 0;
  let sidecar: Sidecar | undefined;
  if (toFile && options.resume !== false) {
    sidecar = await readSidecar(sidecarPath);
    if (sidecar?.bucket === options.bucket && sidecar.key === options.key)
      offset = Math.min(await existingBytes(partial), sidecar.size);
    else sidecar = undefined;
  }
  let resumedBytes = offset;
  // Whether the partial file has a sidecar naming its object, so that a later run can resume from it.
  let resumable = sidecar !== undefined;
  const file = toFile ? await open(partial, offset > 0 ? 'r+' : 'w') : undefined;
  let hashes: DownloadHashes | undefined;
  let restarts = 0;
  let received = 0;
  let verified: { size: number; etag: string; check: DownloadCheck } | undefined;
  try {
    while (verified === undefined) {
      let response: GetObjectResult;
      try {
        response = await client.getObject({
          bucket: options.bucket,
          key: options.key,
          range: offset > 0 ? { start: offset } : undefined,
          signal: options.signal,
        });
      } catch (error) {
        // A partial file as long as the object: the range is past the end. Start over once to re-check.
        if (offset > 0 && (error as { status?: number }).status === 416) {
          offset = 0;
          resumedBytes = 0;
          sidecar = undefined;
          hashes = undefined;
          continue;
        }
        throw error;
      }
      const { etag, size } = response;
      if (offset > 0 && (response.range === undefined || etag !== sidecar?.etag || size !== sidecar.size)) {
        await response.body.cancel();
        offset = 0; // the object changed since the partial file was written
        resumedBytes = 0;
        sidecar = undefined;
        hashes = undefined;
        continue;
      }
      if (sidecar === undefined) {
        sidecar = { bucket: options.bucket, key: options.key, etag, size };
        if (file !== undefined) {
          await file.truncate(0);
          await writeFile(sidecarPath, JSON.stringify(sidecar));
          resumable = true;
        }
      }
      if (hashes === undefined) {
        hashes = new DownloadHashes(
          options.partSize ?? partSizeForKnownSize(size, DEFAULT_PART_SIZE, options.profile ?? JSS_PROFILE),
        );
        if (offset > 0) await feedFile(partial, offset, hashes);
      }
      try {
        for await (const chunk of chunksOf(response.body)) {
          // Waiting here slows the reading, and TCP slows the sender: how a download keeps to its cap.
          await options.rateLimit?.take(chunk.byteLength, options.signal);
          if (file !== undefined) await file.write(chunk, 0, chunk.byteLength, offset);
          else await writeTo(options.destination as Writable, chunk);
          hashes.update(chunk);
          offset += chunk.byteLength;
          received += chunk.byteLength;
          options.onProgress?.({
            doneBytes: offset,
            receivedBytes: received,
            resumedBytes,
            totalBytes: size,
          });
        }
        verified = verify(sidecar, hashes, offset);
      } catch (error) {
        // Resuming in place needs a file; a Writable has already taken the bytes, so only a file restarts.
        if (file === undefined || !isRetryableError(error) || restarts >= (options.maxRestarts ?? 5))
          throw error;
        restarts++;
      }
    }
    if (file !== undefined) {
      await file.close();
      await rename(partial, options.destination as string);
      await rm(sidecarPath, { force: true });
    }
    return {
      bucket: options.bucket,
      key: options.key,
      ...verified,
      receivedBytes: received,
      resumedBytes,
      restarts,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    await file?.close().catch(() => undefined);
    // Without its sidecar a partial file cannot be resumed from (no object answered yet: a 404, a refusal,
    // an abort before the first byte), so none is left behind; damaged bytes are not kept either.
    const mismatch = MultipartError.isInstance(error) && error.code === 'MULTIPART_CHECKSUM_MISMATCH';
    const kept = toFile && !mismatch && resumable;
    if (toFile && !kept) {
      await rm(partial, { force: true });
      await rm(sidecarPath, { force: true });
    }
    if (MultipartError.isInstance(error)) throw error;
    if (options.signal?.aborted === true)
      throw new MultipartError('MULTIPART_ABORTED', 'the download was aborted', { cause: error });
    throw new MultipartError(
      'MULTIPART_DOWNLOAD_FAILED',
      `GET /${options.bucket}/${options.key} failed at byte ${offset}${kept ? keptHint(error, partial) : ''}`,
      { cause: error },
    );
  }
}

/** What a later run can do with the partial file kept: resume, at once if the failure was transient. */
function keptHint(error: unknown, partial: string): string {
  const last = RetriesExhaustedError.isInstance(error) ? error.lastError : error;
  return isRetryableError(last)
    ? '; run it again to resume'
    : `; ${partial} is kept, and a later run resumes from it`;
}

function verify(
  sidecar: Sidecar,
  hashes: DownloadHashes,
  offset: number,
): { size: number; etag: string; check: DownloadCheck } {
  if (offset !== sidecar.size) {
    throw new MultipartError(
      'MULTIPART_CHECKSUM_MISMATCH',
      `received ${offset} bytes of a ${sidecar.size}-byte object`,
    );
  }
  const check = hashes.check(sidecar.etag);
  // Up to the smallest part size an object is a single PUT or a one-part upload: both forms are known.
  if (check === undefined && sidecar.size <= MAX_UNVERIFIABLE_SIZE) {
    throw new MultipartError(
      'MULTIPART_CHECKSUM_MISMATCH',
      `the downloaded bytes do not match the ETag ${sidecar.etag}`,
    );
  }
  return { size: sidecar.size, etag: sidecar.etag, check: check ?? 'size' };
}
