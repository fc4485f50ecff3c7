import { createHash } from 'node:crypto';
import { join } from 'node:path';

/**
 * Where everything lives under the data directory. No path is ever built from a key: keys are hashed, bucket
 * names are validated `[a-z0-9-]` before use, upload ids and file ids are generated here and checked against
 * their pattern before they reach this class. Nothing a client sends can point outside the root.
 */
export class Layout {
  readonly root: string;
  readonly buckets: string;
  readonly objects: string;
  readonly blobs: string;
  readonly uploads: string;
  readonly temporary: string;

  constructor(root: string) {
    this.root = root;
    this.buckets = join(root, 'buckets');
    this.objects = join(root, 'objects');
    this.blobs = join(root, 'blobs');
    this.uploads = join(root, 'uploads');
    this.temporary = join(root, 'tmp');
  }

  bucketFile(bucket: string): string {
    return join(this.buckets, `${bucket}.json`);
  }

  bucketObjects(bucket: string): string {
    return join(this.objects, bucket);
  }

  objectFile(bucket: string, key: string): string {
    const hash = createHash('sha256').update(key, 'utf8').digest('hex');
    return join(this.objects, bucket, hash.slice(0, 2), `${hash}.json`);
  }

  blobDirectory(blob: string): string {
    return join(this.blobs, blob);
  }

  uploadDirectory(uploadId: string): string {
    return join(this.uploads, uploadId);
  }

  uploadFile(uploadId: string): string {
    return join(this.uploads, uploadId, 'upload.json');
  }

  partsDirectory(uploadId: string): string {
    return join(this.uploads, uploadId, 'parts');
  }

  partFile(uploadId: string, partNumber: number): string {
    return join(this.partsDirectory(uploadId), `${partNumber}.json`);
  }

  temporaryFile(name: string): string {
    return join(this.temporary, name);
  }
}
