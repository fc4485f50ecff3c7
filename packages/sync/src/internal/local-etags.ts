import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { computeMultipartETag } from '@jsskit/wire-types';
import { SyncError } from '../errors.ts';

/** Files hashed by this process (read by the tests to see that a cached run hashes nothing). */
export const hashingCounter = { files: 0 };

/** One layout's running state: the part being hashed and the hex MD5s of the parts before it. */
class LayoutHasher {
  readonly partSize: number;
  readonly #partMd5s: string[] = [];
  #hash: Hash = createHash('md5');
  #filled = 0;

  constructor(partSize: number) {
    this.partSize = partSize;
  }

  update(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.partSize - this.#filled, chunk.length - offset);
      this.#hash.update(chunk.subarray(offset, offset + take));
      this.#filled += take;
      offset += take;
      if (this.#filled === this.partSize) this.#endPart();
    }
  }

  /** The multipart ETag of the part MD5s (protocol §8.5), as wire-types computes it for every package. */
  digest(): string {
    if (this.#filled > 0) this.#endPart();
    return computeMultipartETag(this.#partMd5s);
  }

  #endPart(): void {
    this.#partMd5s.push(this.#hash.digest('hex'));
    this.#hash = createHash('md5');
    this.#filled = 0;
  }
}

/** What one read of a file gives: its MD5 (when asked) and its multipart ETag for each part size asked. */
export interface FileETags {
  readonly md5: string | undefined;
  /** Part size → multipart ETag. */
  readonly multipart: ReadonlyMap<number, string>;
}

/**
 * Reads a file once and computes its MD5 (`withMd5`) and multipart ETags for the given part sizes.
 * @throws {SyncError} `SYNC_LOCAL_FAILED` when the file cannot be read or its size is not `size`.
 */
export async function hashFile(
  path: string,
  layout: { readonly size: number; readonly withMd5: boolean; readonly partSizes: readonly number[] },
  signal?: AbortSignal,
): Promise<FileETags> {
  hashingCounter.files += 1;
  const whole = layout.withMd5 ? createHash('md5') : undefined;
  const hashers = layout.partSizes.map((partSize) => new LayoutHasher(partSize));
  let read = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024, signal })) {
      const bytes = chunk as Buffer;
      read += bytes.length;
      whole?.update(bytes);
      for (const hasher of hashers) hasher.update(bytes);
    }
  } catch (error) {
    if (signal?.aborted === true)
      throw new SyncError('SYNC_ABORTED', `hashing ${path} was aborted`, { cause: error });
    throw new SyncError('SYNC_LOCAL_FAILED', `${path} could not be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (read !== layout.size)
    throw new SyncError(
      'SYNC_LOCAL_FAILED',
      `${path} changed while it was read (${read} bytes, not ${layout.size})`,
    );
  return {
    md5: whole?.digest('hex'),
    multipart: new Map(hashers.map((hasher) => [hasher.partSize, hasher.digest()])),
  };
}
