import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BucketReferer } from '@jsskit/wire-types';
import { KeyedMutex } from '../internal/keyed-mutex.ts';
import { ServiceError } from '../internal/service-error.ts';
import { isAtomicWriteLeftover, readJsonFile, syncDirectory, writeFileAtomic } from './atomic-file.ts';
import type { Layout } from './layout.ts';
import type { BucketRecord } from './records.ts';

/**
 * Buckets, one small JSON file each, mirrored in memory. A bucket's creation and deletion are serialized per
 * name, and a write that makes something exist in a bucket (an object, an upload) holds the bucket from its
 * commit until it is visible: DeleteBucket refuses while one is held, and one cannot start once the delete
 * has begun (docs/adr/0007).
 */
export class BucketStore {
  readonly #layout: Layout;
  readonly #buckets = new Map<string, BucketRecord>();
  readonly #lifecycle = new KeyedMutex();
  readonly #writes = new Map<string, number>();

  constructor(layout: Layout) {
    this.#layout = layout;
  }

  async load(): Promise<void> {
    for (const name of await readdir(this.#layout.buckets)) {
      if (isAtomicWriteLeftover(name)) await rm(join(this.#layout.buckets, name), { force: true });
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const record = await readJsonFile<BucketRecord>(this.#layout.bucketFile(name.slice(0, -5)));
      if (record !== undefined) this.#buckets.set(record.name, record);
    }
  }

  get count(): number {
    return this.#buckets.size;
  }

  get(name: string): BucketRecord | undefined {
    return this.#buckets.get(name);
  }

  list(): BucketRecord[] {
    return [...this.#buckets.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async create(name: string, now: Date): Promise<BucketRecord> {
    return this.#lifecycle.run(name, async () => {
      if (this.#buckets.has(name)) {
        throw new ServiceError(
          'BucketAlreadyOwnedByYou',
          'Your previous request to create the named bucket succeeded',
        );
      }
      const record = { name, createdAt: now.toISOString() };
      await writeFileAtomic(this.#layout.bucketFile(name), JSON.stringify(record));
      this.#buckets.set(name, record);
      return record;
    });
  }

  /** Replaces a bucket's referer rules (§7.5), on disk then in memory; NoSuchBucket if it is gone. */
  async setReferer(name: string, referer: BucketReferer): Promise<void> {
    await this.#lifecycle.run(name, async () => {
      const current = this.#buckets.get(name);
      if (current === undefined)
        throw new ServiceError('NoSuchBucket', 'The specified bucket does not exist');
      const record: BucketRecord = { ...current, referer };
      await writeFileAtomic(this.#layout.bucketFile(name), JSON.stringify(record));
      this.#buckets.set(name, record);
    });
  }

  /**
   * Holds the bucket for a write about to commit; NoSuchBucket if it is gone (a delete won the race). Call
   * the returned release once the write is visible, or has failed.
   */
  beginWrite(name: string): () => void {
    if (!this.#buckets.has(name))
      throw new ServiceError('NoSuchBucket', 'The specified bucket does not exist');
    this.#writes.set(name, (this.#writes.get(name) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#writes.get(name) ?? 1) - 1;
      if (left > 0) this.#writes.set(name, left);
      else this.#writes.delete(name);
    };
  }

  /**
   * Deletes a bucket once `requireEmpty` (which throws BucketNotEmpty) passes. The checks and the removal
   * from memory happen in one step, so no write can be held in between; files go after.
   */
  async delete(name: string, requireEmpty: () => void): Promise<void> {
    await this.#lifecycle.run(name, async () => {
      if (!this.#buckets.has(name))
        throw new ServiceError('NoSuchBucket', 'The specified bucket does not exist');
      if (this.#writes.has(name))
        throw new ServiceError('BucketNotEmpty', 'An object is being written into the bucket');
      requireEmpty();
      this.#buckets.delete(name);
      await rm(this.#layout.bucketFile(name), { force: true });
      await syncDirectory(this.#layout.buckets);
      await rm(this.#layout.bucketObjects(name), { recursive: true, force: true });
    });
  }
}
