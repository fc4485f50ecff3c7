import { computeMultipartETag } from '@jsskit/wire-types';
import { type IncrementalMd5, runtimeHashing } from '../internal/hashing.ts';

/** How a download was checked against the object's ETag. */
export type DownloadCheck = 'md5' | 'multipart-etag' | 'size';

/**
 * The MD5 of the whole object and of each part of an assumed part layout, fed as bytes arrive, so that
 * either ETag form (protocol §8.5) can be checked at the end without reading the data twice.
 */
export class DownloadHashes {
  readonly #partSize: number;
  readonly #whole: IncrementalMd5 = runtimeHashing.createMd5();
  readonly #partMd5s: string[] = [];
  #part: IncrementalMd5 = runtimeHashing.createMd5();
  #inPart = 0;

  constructor(partSize: number) {
    this.#partSize = partSize;
  }

  update(chunk: Uint8Array): void {
    this.#whole.update(chunk);
    let offset = 0;
    while (offset < chunk.byteLength) {
      const take = Math.min(this.#partSize - this.#inPart, chunk.byteLength - offset);
      this.#part.update(chunk.subarray(offset, offset + take));
      this.#inPart += take;
      offset += take;
      if (this.#inPart === this.#partSize) this.#closePart();
    }
  }

  /**
   * Which ETag form the bytes match: `md5` (a single PUT), `multipart-etag` (a multipart upload with the
   * assumed layout, or with one part), or undefined when neither does.
   */
  check(etag: string): Exclude<DownloadCheck, 'size'> | undefined {
    if (this.#inPart > 0) this.#closePart();
    const md5 = this.#whole.digestHex();
    if (md5 === etag) return 'md5';
    if (computeMultipartETag([md5], runtimeHashing.md5Hex) === etag) return 'multipart-etag';
    if (this.#partMd5s.length > 1 && computeMultipartETag(this.#partMd5s, runtimeHashing.md5Hex) === etag)
      return 'multipart-etag';
    return undefined;
  }

  #closePart(): void {
    this.#partMd5s.push(this.#part.digestHex());
    this.#part = runtimeHashing.createMd5();
    this.#inPart = 0;
  }
}
