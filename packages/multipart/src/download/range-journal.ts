import { rename, writeFile } from 'node:fs/promises';
import type { Sidecar } from './partial-file.ts';

/**
 * The sidecar of a download in parts: which parts are in the partial file, with their MD5s, rewritten
 * atomically (a temporary file renamed over it) after each part, so that a crash leaves the old list or the
 * new one, never half of one. Writes are chained: the last one on disk is the newest.
 */
export class RangeJournal {
  readonly #path: string;
  readonly #base: Sidecar;
  readonly #parts: Record<string, string>;
  #writing: Promise<void> = Promise.resolve();
  #waiting: Promise<void> | undefined;

  constructor(path: string, sidecar: Sidecar) {
    this.#path = path;
    this.#base = { bucket: sidecar.bucket, key: sidecar.key, etag: sidecar.etag, size: sidecar.size };
    this.#parts = { ...sidecar.parts };
    this.partSize = sidecar.partSize as number;
  }

  readonly partSize: number;

  get sidecar(): Sidecar {
    return { ...this.#base, partSize: this.partSize, parts: { ...this.#parts } };
  }

  /** The MD5 of part `index` when it is already in the file. */
  md5Of(index: number): string | undefined {
    return this.#parts[String(index)];
  }

  /** Records a part written to the file; resolves once the sidecar on disk lists it. */
  record(index: number, md5: string): Promise<void> {
    this.#parts[String(index)] = md5;
    return this.save();
  }

  /**
   * Writes the sidecar as it stands when the write starts, after any write under way. Saves asked for while
   * one waits share it: it lists every part recorded before it starts, so many parts finishing during one
   * write cost one more write, not one each.
   */
  save(): Promise<void> {
    if (this.#waiting !== undefined) return this.#waiting;
    const write = this.#writing.then(async () => {
      this.#waiting = undefined;
      const temporary = `${this.#path}.tmp`;
      await writeFile(temporary, JSON.stringify(this.sidecar));
      await rename(temporary, this.#path);
    });
    this.#waiting = write;
    this.#writing = write.catch(() => undefined);
    return write;
  }
}
