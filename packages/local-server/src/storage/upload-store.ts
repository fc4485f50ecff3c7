import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { computeMultipartETag } from '@jsskit/wire-types';
import { createFileId, createHexId } from '../internal/ids.ts';
import { KeyedMutex } from '../internal/keyed-mutex.ts';
import { ServiceError } from '../internal/service-error.ts';
import { readJsonFile, writeFileAtomic } from './atomic-file.ts';
import { checkPartList } from './check-part-list.ts';
import type { Layout } from './layout.ts';
import type { ObjectStore } from './object-store.ts';
import type { ObjectAttributes, ObjectRecord, PartRecord, ReceivedBody, UploadRecord } from './records.ts';
import { tidyBlob } from './tidy-blob.ts';

export interface OpenUpload {
  readonly record: UploadRecord;
  readonly parts: Map<number, PartRecord>;
}

/** A part named in a Complete request, after tolerant parsing. */
export interface ListedPart {
  readonly PartNumber: number;
  readonly ETag: string;
}

/** In-progress multipart uploads: a directory each, parts committed one JSON record at a time. */
export class UploadStore {
  readonly #layout: Layout;
  readonly #objects: ObjectStore;
  readonly #mutex = new KeyedMutex();
  readonly #uploads = new Map<string, OpenUpload>();

  constructor(layout: Layout, objects: ObjectStore) {
    this.#layout = layout;
    this.#objects = objects;
  }

  /** Loads every upload; drops directories of Initiates that never committed and part bytes never recorded. */
  async load(): Promise<void> {
    for (const uploadId of await readdir(this.#layout.uploads)) {
      const record = await readJsonFile<UploadRecord>(this.#layout.uploadFile(uploadId));
      if (record === undefined) {
        await rm(this.#layout.uploadDirectory(uploadId), { recursive: true, force: true });
        continue;
      }
      const parts = new Map<number, PartRecord>();
      const names = await readdir(this.#layout.partsDirectory(uploadId));
      for (const name of names.filter((entry) => /^\d+\.json$/.test(entry))) {
        const part = await readJsonFile<PartRecord>(join(this.#layout.partsDirectory(uploadId), name));
        if (part !== undefined) parts.set(part.partNumber, part);
      }
      const referenced = new Set([...parts.values()].map((part) => part.file));
      for (const name of names.filter((entry) => !entry.endsWith('.json') && !referenced.has(entry))) {
        await rm(join(this.#layout.partsDirectory(uploadId), name), { force: true });
      }
      this.#uploads.set(uploadId, { record, parts });
    }
  }

  /** Throws NoSuchUpload unless the upload is open for this bucket and key; costs nothing per part held. */
  requireOpen(target: { bucket: string; key: string; uploadId: string }): void {
    this.#require(target.uploadId, target);
  }

  get(uploadId: string): OpenUpload | undefined {
    return this.#uploads.get(uploadId);
  }

  /** Uploads of a bucket whose key starts with `prefix`, sorted by key then upload id (§9.6). */
  list(bucket: string, prefix: string): UploadRecord[] {
    return [...this.#uploads.values()]
      .map((upload) => upload.record)
      .filter((record) => record.bucket === bucket && record.key.startsWith(prefix))
      .sort((a, b) => (a.key === b.key ? (a.uploadId < b.uploadId ? -1 : 1) : a.key < b.key ? -1 : 1));
  }

  count(bucket: string): number {
    return this.list(bucket, '').length;
  }

  async initiate(target: { bucket: string; key: string }, attributes: ObjectAttributes, now: Date) {
    const uploadId = createHexId();
    const record: UploadRecord = { ...target, ...attributes, uploadId, initiated: now.toISOString() };
    await mkdir(this.#layout.partsDirectory(uploadId), { recursive: true });
    await writeFileAtomic(this.#layout.uploadFile(uploadId), JSON.stringify(record));
    this.#uploads.set(uploadId, { record, parts: new Map() });
    return record;
  }

  #require(uploadId: string, target: { bucket: string; key: string }): OpenUpload {
    const upload = this.#uploads.get(uploadId);
    if (upload === undefined || upload.record.bucket !== target.bucket || upload.record.key !== target.key) {
      throw new ServiceError('NoSuchUpload', 'The specified upload does not exist');
    }
    return upload;
  }

  /** Commits a received part; a re-upload of the same number replaces it. */
  async putPart(
    target: { bucket: string; key: string; uploadId: string; partNumber: number },
    body: ReceivedBody,
    now: Date,
  ): Promise<PartRecord> {
    return this.#mutex.run(target.uploadId, async () => {
      let upload: OpenUpload;
      try {
        upload = this.#require(target.uploadId, target);
      } catch (error) {
        await rm(body.path, { force: true });
        throw error;
      }
      const file = `${target.partNumber}-${createFileId()}.data`;
      const directory = this.#layout.partsDirectory(target.uploadId);
      await rename(body.path, join(directory, file));
      const part = {
        partNumber: target.partNumber,
        etag: body.md5,
        size: body.size,
        lastModified: now.toISOString(),
        file,
      };
      await writeFileAtomic(this.#layout.partFile(target.uploadId, target.partNumber), JSON.stringify(part));
      const previous = upload.parts.get(target.partNumber);
      upload.parts.set(target.partNumber, part);
      if (previous !== undefined) await rm(join(directory, previous.file), { force: true });
      return part;
    });
  }

  listParts(target: { bucket: string; key: string; uploadId: string }): {
    record: UploadRecord;
    parts: PartRecord[];
  } {
    const upload = this.#require(target.uploadId, target);
    return {
      record: upload.record,
      parts: [...upload.parts.values()].sort((a, b) => a.partNumber - b.partNumber),
    };
  }

  /** Checks the part list (§9.3), commits the object and ends the upload; unlisted parts are discarded. */
  async complete(
    target: { bucket: string; key: string; uploadId: string },
    listed: readonly ListedPart[],
    options: { now: Date; minPartSize: number; afterCommit?: (() => Promise<void>) | undefined },
  ): Promise<ObjectRecord> {
    return this.#mutex.run(target.uploadId, async () => {
      const upload = this.#require(target.uploadId, target);
      const parts = checkPartList(upload, listed, options.minPartSize);
      const { uploadId: _, initiated: __, ...attributes } = upload.record;
      const committed = await this.#objects.commitUpload({
        ...attributes,
        size: parts.reduce((total, part) => total + part.size, 0),
        etag: computeMultipartETag(parts.map((part) => part.etag)),
        lastModified: options.now.toISOString(),
        blob: createFileId(),
        segments: parts.map((part) => ({ file: join('parts', part.file), size: part.size })),
        partCount: parts.length,
        pendingFrom: target.uploadId,
      });
      this.#uploads.delete(target.uploadId);
      await options.afterCommit?.();
      await tidyBlob(this.#layout.blobDirectory(committed.blob), committed.segments);
      return committed;
    });
  }

  /**
   * Finishes the tidy-up of a Complete that a crash interrupted: a blob directory that still holds its
   * upload record is tidied as a Complete does, when it is the blob of the object the upload became.
   */
  async settleCompleted(blob: string): Promise<void> {
    const directory = this.#layout.blobDirectory(blob);
    const upload = await readJsonFile<UploadRecord>(join(directory, 'upload.json'));
    if (upload === undefined) return;
    const record = this.#objects.get(upload.bucket, upload.key);
    if (record?.blob === blob) await tidyBlob(directory, record.segments);
  }

  async abort(target: { bucket: string; key: string; uploadId: string }): Promise<void> {
    await this.#mutex.run(target.uploadId, async () => {
      this.#require(target.uploadId, target);
      this.#uploads.delete(target.uploadId);
      const trash = this.#layout.temporaryFile(`abort-${createFileId()}`);
      await rename(this.#layout.uploadDirectory(target.uploadId), trash);
      await rm(trash, { recursive: true, force: true });
    });
  }
}
