import type { FileHandle } from 'node:fs/promises';
import type { Client, GetObjectResult } from '@jsskit/client';
import { isRetryableError } from '@jsskit/http-transport';
import { MultipartError } from '../errors.ts';
import { type IncrementalMd5, runtimeHashing } from '../internal/hashing.ts';
import type { MemoryBudget } from '../parts/memory-budget.ts';
import type { DownloadRun } from './partial-file.ts';

/** Bytes gathered from the wire before one positioned write (and one MD5 update): a buffer of the budget. */
export const WRITE_BUFFER_BYTES = 1024 * 1024;

/**
 * Part `index` of the assumed layout: bytes `start` to `end` (exclusive). A part that a stream-written
 * partial file holds the beginning of is fetched `from` there, its MD5 already fed with the bytes kept.
 */
export interface PartRange {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly from?: number | undefined;
  readonly md5?: IncrementalMd5 | undefined;
}

/** What every part of one download shares. */
export interface PartsContext {
  readonly run: DownloadRun;
  readonly client: Pick<Client, 'getObject'>;
  readonly file: FileHandle;
  readonly budget: MemoryBudget;
  /** Aborts with the caller's signal, or when another part failed. */
  readonly signal: AbortSignal;
  /** The object the partial file holds bytes of. */
  readonly object: { readonly etag: string; readonly size: number };
  readonly onWritten: () => void;
}

/** The object answered with another ETag or size than the partial file's: the download starts over. */
export class ObjectChangedError extends Error {
  override readonly name = 'ObjectChangedError';
}

/** GetObject of `start` to the end of the part, refused (ObjectChangedError) when the object is not the same. */
export async function requestRange(
  context: PartsContext,
  start: number,
  end: number,
): Promise<GetObjectResult> {
  const { options } = context.run;
  let response: GetObjectResult;
  try {
    response = await context.client.getObject({
      bucket: options.bucket,
      key: options.key,
      range: { start, end: end - 1 },
      signal: context.signal,
    });
  } catch (error) {
    if ((error as { status?: number }).status === 416) throw new ObjectChangedError('range refused');
    throw error;
  }
  const { etag, size, range } = response;
  if (etag !== context.object.etag || size !== context.object.size || range?.start !== start) {
    await response.body.cancel();
    throw new ObjectChangedError(`the object is now ${etag} (${size} bytes)`);
  }
  return response;
}

/** One part's bytes on their way: the buffer being filled, the part's MD5, the file position reached. */
class PartWriter {
  readonly context: PartsContext;
  readonly #buffer: Uint8Array;
  readonly #md5: IncrementalMd5;
  #fill = 0;
  position: number;

  constructor(context: PartsContext, buffer: Uint8Array, part: PartRange) {
    this.context = context;
    this.#buffer = buffer;
    this.position = part.from ?? part.start;
    this.#md5 = part.md5 ?? runtimeHashing.createMd5();
  }

  /** Where the next byte received goes: the position written plus the bytes still in the buffer. */
  get reached(): number {
    return this.position + this.#fill;
  }

  /**
   * Copies a chunk in; when that fills the buffer, writes it and resolves once written. Undefined otherwise,
   * so that a chunk that only fills costs no promise.
   */
  add(chunk: Uint8Array): Promise<void> | undefined {
    const take = Math.min(chunk.byteLength, this.#buffer.byteLength - this.#fill);
    this.#buffer.set(take === chunk.byteLength ? chunk : chunk.subarray(0, take), this.#fill);
    this.#fill += take;
    if (this.#fill < this.#buffer.byteLength) return undefined;
    return this.#flushThenAdd(chunk.subarray(take));
  }

  async #flushThenAdd(rest: Uint8Array): Promise<void> {
    await this.flush();
    if (rest.byteLength > 0) await this.add(rest);
  }

  /** Hashes and writes what the buffer holds, at its place in the file. */
  async flush(): Promise<void> {
    if (this.#fill === 0) return;
    const bytes = this.#buffer.subarray(0, this.#fill);
    this.#md5.update(bytes);
    await this.context.file.write(bytes, 0, bytes.byteLength, this.position);
    this.position += bytes.byteLength;
    this.context.run.offset += bytes.byteLength;
    this.#fill = 0;
    this.context.onWritten();
  }

  digestHex(): string {
    return this.#md5.digestHex();
  }
}

function shortBody(part: PartRange, reached: number): MultipartError {
  return new MultipartError(
    'MULTIPART_DOWNLOAD_FAILED',
    `the bytes ${part.start}-${part.end - 1} kept ending short (at byte ${reached})`,
  );
}

/**
 * Reads a response's body into the part, up to the part's end. A ranged answer ending there is read to its
 * close, which leaves its connection free for the next request; a longer one (the first, plain GET) is
 * cancelled once the part is in.
 */
async function receive(response: GetObjectResult, writer: PartWriter, end: number): Promise<void> {
  const { context } = writer;
  const { rateLimit } = context.run.options;
  const endsThere = response.range !== undefined && response.range.end + 1 === end;
  const reader = response.body.getReader();
  let done = false;
  try {
    while (!done && (endsThere || writer.reached < end)) {
      const next = await reader.read();
      done = next.done;
      if (next.value === undefined) continue;
      const usable = next.value.subarray(
        0,
        Math.max(0, Math.min(next.value.byteLength, end - writer.reached)),
      );
      // Waiting here slows the reading, and TCP slows the sender: how a download keeps to its cap.
      if (rateLimit !== undefined) await rateLimit.take(usable.byteLength, context.signal);
      const writing = writer.add(usable);
      if (writing !== undefined) await writing;
      context.run.received += usable.byteLength;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

/**
 * Fetches one part into the partial file at its offset, hashing it as it arrives, and resolves with its
 * MD5. `first` is a response already under way whose body starts at the part's start (the first GET).
 * A connection lost mid-body (or a body that ends short) is asked again from the byte reached, counted
 * against the download's `maxRestarts`.
 */
export async function fetchPart(
  part: PartRange,
  context: PartsContext,
  first?: GetObjectResult,
): Promise<string> {
  const { run } = context;
  let response = first;
  let lease: Awaited<ReturnType<MemoryBudget['acquire']>>;
  try {
    lease = await context.budget.acquire(Math.min(WRITE_BUFFER_BYTES, part.end - part.start), context.signal);
  } catch (error) {
    await response?.body.cancel().catch(() => undefined);
    throw error;
  }
  const writer = new PartWriter(context, lease.buffer, part);
  try {
    while (writer.position < part.end) {
      let failure: unknown;
      try {
        response ??= await requestRange(context, writer.reached, part.end);
        await receive(response, writer, part.end);
        await writer.flush();
      } catch (error) {
        await writer.flush();
        if (!isRetryableError(error)) throw error;
        failure = error;
      }
      response = undefined;
      if (writer.position >= part.end) break;
      if (run.restarts >= (run.options.maxRestarts ?? 5)) throw failure ?? shortBody(part, writer.position);
      run.restarts++;
    }
  } finally {
    lease.release();
  }
  return writer.digestHex();
}
