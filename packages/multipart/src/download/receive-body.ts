import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Client, GetObjectResult } from '@jsskit/client';
import { isRetryableError } from '@jsskit/http-transport';
import { MultipartError } from '../errors.ts';
import { JSS_PROFILE } from '../service/service-profile.ts';
import { type DownloadCheck, DownloadHashes } from './download-hashes.ts';
import { assumedPartSize } from './part-layout.ts';
import { type DownloadRun, feedFile, type Sidecar, startOver } from './partial-file.ts';
import { layoutKnown } from './verify-parts.ts';

const MAX_UNVERIFIABLE_SIZE = JSS_PROFILE.minPartSize;

/** The chunks of a web stream; leaving the loop early cancels it, which frees the connection. */
export async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
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
 * GetObject from the byte reached; undefined when the download has to start over: the partial file is as
 * long as the object (416: re-check it from the start), or the object changed since it was written.
 */
export async function requestBody(
  client: Pick<Client, 'getObject'>,
  run: DownloadRun,
): Promise<GetObjectResult | undefined> {
  const { options } = run;
  let response: GetObjectResult;
  try {
    response = await client.getObject({
      bucket: options.bucket,
      key: options.key,
      range: run.offset > 0 ? { start: run.offset } : undefined,
      signal: options.signal,
    });
  } catch (error) {
    if (run.offset > 0 && (error as { status?: number }).status === 416) {
      startOver(run);
      return undefined;
    }
    throw error;
  }
  const { etag, size } = response;
  const { sidecar } = run;
  if (run.offset > 0 && (response.range === undefined || etag !== sidecar?.etag || size !== sidecar.size)) {
    await response.body.cancel();
    startOver(run);
    return undefined;
  }
  return response;
}

/** Records the object being read (a new sidecar) and readies the hashes, fed with the bytes kept. */
async function adopt(run: DownloadRun, response: GetObjectResult): Promise<DownloadHashes> {
  const { options } = run;
  const { etag, size } = response;
  if (run.sidecar === undefined) {
    run.sidecar = { bucket: options.bucket, key: options.key, etag, size };
    if (run.file !== undefined) {
      await run.file.truncate(0);
      await writeFile(run.sidecarPath, JSON.stringify(run.sidecar));
      run.resumable = true;
    }
  }
  if (run.hashes === undefined) {
    run.hashes = new DownloadHashes(assumedPartSize(size, options));
    if (run.offset > 0) await feedFile(run.partial, run.offset, run.hashes);
  }
  return run.hashes;
}

/**
 * Reads the body into the file or Writable and verifies the whole object; undefined when a connection lost
 * mid-body is to be resumed from the byte reached (a file only: a Writable has already taken the bytes).
 */
export async function receiveBody(
  run: DownloadRun,
  response: GetObjectResult,
): Promise<{ size: number; etag: string; check: DownloadCheck } | undefined> {
  const { options } = run;
  const hashes = await adopt(run, response);
  try {
    for await (const chunk of chunksOf(response.body)) {
      // Waiting here slows the reading, and TCP slows the sender: how a download keeps to its cap.
      await options.rateLimit?.take(chunk.byteLength, options.signal);
      if (run.file !== undefined) await run.file.write(chunk, 0, chunk.byteLength, run.offset);
      else await writeTo(options.destination as Writable, chunk);
      hashes.update(chunk);
      run.offset += chunk.byteLength;
      run.received += chunk.byteLength;
      options.onProgress?.({
        doneBytes: run.offset,
        receivedBytes: run.received,
        resumedBytes: run.resumedBytes,
        totalBytes: response.size,
      });
    }
    return verify(run.sidecar as Sidecar, hashes, run);
  } catch (error) {
    if (run.file === undefined || !isRetryableError(error) || run.restarts >= (options.maxRestarts ?? 5))
      throw error;
    run.restarts++;
    return undefined;
  }
}

function verify(
  sidecar: Sidecar,
  hashes: DownloadHashes,
  run: DownloadRun,
): { size: number; etag: string; check: DownloadCheck } {
  const { offset } = run;
  if (offset !== sidecar.size) {
    throw new MultipartError(
      'MULTIPART_CHECKSUM_MISMATCH',
      `received ${offset} bytes of a ${sidecar.size}-byte object`,
    );
  }
  const check = hashes.check(sidecar.etag);
  // Up to the smallest part size an object is a single PUT or a one-part upload: both forms are known; a
  // given partSize or requireChecksum vouches for the layout.
  if (check === undefined && (sidecar.size <= MAX_UNVERIFIABLE_SIZE || layoutKnown(run.options))) {
    throw new MultipartError(
      'MULTIPART_CHECKSUM_MISMATCH',
      `the downloaded bytes do not match the ETag ${sidecar.etag}`,
    );
  }
  return { size: sidecar.size, etag: sidecar.etag, check: check ?? 'size' };
}
