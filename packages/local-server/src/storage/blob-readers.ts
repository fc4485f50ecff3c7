import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Layout } from './layout.ts';
import type { ObjectRecord } from './records.ts';

/**
 * Blob directories no longer referred to are removed, but only once their last reader is done: an
 * overwrite or delete during a GET, or while a copy links the files, leaves those files in place until then.
 */
export class BlobReaders {
  readonly #layout: Layout;
  readonly #readers = new Map<string, number>();
  readonly #retired = new Set<string>();

  constructor(layout: Layout) {
    this.#layout = layout;
  }

  /** Absolute paths of an object's segment files, held against removal until `release` is called. */
  acquire(record: ObjectRecord): { paths: string[]; release: () => void } {
    this.#readers.set(record.blob, (this.#readers.get(record.blob) ?? 0) + 1);
    const directory = this.#layout.blobDirectory(record.blob);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.#readers.get(record.blob) ?? 1) - 1;
      if (left > 0) this.#readers.set(record.blob, left);
      else {
        this.#readers.delete(record.blob);
        if (this.#retired.delete(record.blob)) this.#remove(record.blob).catch(() => undefined);
      }
    };
    return { paths: record.segments.map((segment) => join(directory, segment.file)), release };
  }

  /** Removes a blob no record refers to any more, now or when its last reader is done. */
  async retire(blob: string): Promise<void> {
    if ((this.#readers.get(blob) ?? 0) > 0) this.#retired.add(blob);
    else await this.#remove(blob);
  }

  async #remove(blob: string): Promise<void> {
    await rm(this.#layout.blobDirectory(blob), { recursive: true, force: true });
  }
}
