import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createFileId } from '../internal/ids.ts';
import { KeyedMutex } from '../internal/keyed-mutex.ts';
import { isAtomicWriteLeftover, readJsonFile, writeFileAtomic } from './atomic-file.ts';
import { BlobReaders } from './blob-readers.ts';
import { duplicateBlob } from './duplicate-blob.ts';
import type { Layout } from './layout.ts';
import { type ListKeysInput, type ListKeysPage, listKeys } from './list-keys.ts';
import type { ObjectAttributes, ObjectRecord, ReceivedBody } from './records.ts';
import { SortedKeys } from './sorted-keys.ts';

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

interface BucketIndex {
  readonly keys: SortedKeys;
  readonly records: Map<string, ObjectRecord>;
}

/** Objects: records on disk (the commit point), an in-memory sorted index, bytes in blob directories. */
export class ObjectStore {
  readonly #layout: Layout;
  readonly #mutex = new KeyedMutex();
  readonly #buckets = new Map<string, BucketIndex>();
  readonly #blobs: BlobReaders;

  constructor(layout: Layout) {
    this.#layout = layout;
    this.#blobs = new BlobReaders(layout);
  }

  #index(bucket: string): BucketIndex {
    let index = this.#buckets.get(bucket);
    if (index === undefined) {
      index = { keys: new SortedKeys(), records: new Map() };
      this.#buckets.set(bucket, index);
    }
    return index;
  }

  /**
   * Reads every record, finishing any Complete that a crash interrupted. Returns the blobs in use. Records of
   * a bucket without a bucket file are what a DeleteBucket stopped by a crash left: removed, never revived.
   */
  async load(): Promise<Set<string>> {
    const used = new Set<string>();
    for (const bucket of await readdir(this.#layout.objects)) {
      if (!(await exists(this.#layout.bucketFile(bucket)))) {
        await rm(this.#layout.bucketObjects(bucket), { recursive: true, force: true });
        continue;
      }
      for (const shard of await readdir(join(this.#layout.objects, bucket))) {
        for (const name of await readdir(join(this.#layout.objects, bucket, shard))) {
          const path = join(this.#layout.objects, bucket, shard, name);
          if (isAtomicWriteLeftover(name)) await rm(path, { force: true });
          if (name.startsWith('.') || !name.endsWith('.json')) continue;
          let record = await readJsonFile<ObjectRecord>(path);
          if (record === undefined) continue;
          if (record.pendingFrom !== undefined) {
            record = await this.#finishMove(record);
            await writeFileAtomic(path, JSON.stringify(record));
          }
          this.#index(record.bucket).records.set(record.key, record);
          this.#index(record.bucket).keys.add(record.key);
          used.add(record.blob);
        }
      }
    }
    return used;
  }

  get(bucket: string, key: string): ObjectRecord | undefined {
    return this.#buckets.get(bucket)?.records.get(key);
  }

  count(bucket: string): number {
    return this.#buckets.get(bucket)?.records.size ?? 0;
  }

  list(bucket: string, input: ListKeysInput): ListKeysPage & { records: ObjectRecord[] } {
    const index = this.#index(bucket);
    const page = listKeys(index.keys, input);
    return { ...page, records: page.keys.map((key) => index.records.get(key) as ObjectRecord) };
  }

  dropBucket(bucket: string): void {
    this.#buckets.delete(bucket);
  }

  /** Stores a single-PUT body as the object's new version. */
  async put(
    target: { bucket: string; key: string },
    body: ReceivedBody,
    attributes: ObjectAttributes,
    now: Date,
  ): Promise<ObjectRecord> {
    const blob = createFileId();
    await mkdir(this.#layout.blobDirectory(blob));
    await rename(body.path, join(this.#layout.blobDirectory(blob), 'data'));
    const segments = [{ file: 'data', size: body.size }];
    const record = {
      ...target,
      ...attributes,
      size: body.size,
      etag: body.md5,
      lastModified: now.toISOString(),
      blob,
      segments,
    };
    return this.#mutex.run(`${target.bucket}/${target.key}`, () => this.#commit(record));
  }

  /**
   * Commits a completed upload: the record (with `pendingFrom`) is written first, which makes the object
   * exist; then the upload directory is moved to become the blob. A crash in between is redone on load.
   */
  async commitUpload(record: ObjectRecord & { pendingFrom: string }): Promise<ObjectRecord> {
    return this.#mutex.run(`${record.bucket}/${record.key}`, async () => {
      const path = this.#layout.objectFile(record.bucket, record.key);
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(path, JSON.stringify(record));
      return this.#commit(await this.#finishMove(record));
    });
  }

  // Moves the upload directory into place (if a crash has not already) and drops `pendingFrom`.
  async #finishMove(record: ObjectRecord): Promise<ObjectRecord> {
    const from = this.#layout.uploadDirectory(record.pendingFrom as string);
    if (await exists(from)) await rename(from, this.#layout.blobDirectory(record.blob));
    const { pendingFrom: _, ...settled } = record;
    return settled;
  }

  async #commit(record: ObjectRecord): Promise<ObjectRecord> {
    const path = this.#layout.objectFile(record.bucket, record.key);
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, JSON.stringify(record));
    const index = this.#index(record.bucket);
    const previous = index.records.get(record.key);
    index.records.set(record.key, record);
    index.keys.add(record.key);
    if (previous !== undefined && previous.blob !== record.blob) await this.#blobs.retire(previous.blob);
    return record;
  }

  /** Copies an object as a new version of `target` (same bytes, attributes, ETag); its files held meanwhile. */
  async copy(
    source: ObjectRecord,
    target: { bucket: string; key: string },
    now: Date,
  ): Promise<ObjectRecord> {
    const files = this.#blobs.acquire(source);
    const blob = createFileId();
    try {
      await duplicateBlob(files.paths, source.segments, this.#layout.blobDirectory(blob));
    } finally {
      files.release();
    }
    const { pendingFrom: _, ...settled } = source;
    const record = { ...settled, ...target, lastModified: now.toISOString(), blob };
    return this.#mutex.run(`${target.bucket}/${target.key}`, () => this.#commit(record));
  }

  /** Deletes an object; with `onlyBlob`, only while its current version is that blob (a move's source). */
  async delete(bucket: string, key: string, onlyBlob?: string): Promise<boolean> {
    return this.#mutex.run(`${bucket}/${key}`, async () => {
      const index = this.#buckets.get(bucket);
      const previous = index?.records.get(key);
      if (index === undefined || previous === undefined) return false;
      if (onlyBlob !== undefined && previous.blob !== onlyBlob) return false;
      await rm(this.#layout.objectFile(bucket, key), { force: true });
      index.records.delete(key);
      index.keys.delete(key);
      await this.#blobs.retire(previous.blob);
      return true;
    });
  }

  /** Absolute paths of an object's segment files, held against removal until `release` is called. */
  acquire(record: ObjectRecord): { paths: string[]; release: () => void } {
    return this.#blobs.acquire(record);
  }
}
