import type { BucketReferer } from '@jsskit/wire-types';

/** A bucket as stored in `buckets/<name>.json`; `referer` is absent until PutBucketReferer (§7.5). */
export interface BucketRecord {
  readonly name: string;
  readonly createdAt: string;
  readonly referer?: BucketReferer | undefined;
}

/** Attributes given at PutObject or Initiate and returned on GET/HEAD. */
export interface ObjectAttributes {
  readonly contentType?: string | undefined;
  readonly cacheControl?: string | undefined;
  readonly contentDisposition?: string | undefined;
  readonly storageClass: string;
  readonly serverSideEncryption: boolean;
}

/** One file of an object's bytes, relative to its blob directory, in order. */
export interface Segment {
  readonly file: string;
  readonly size: number;
}

/**
 * An object as stored in `objects/<bucket>/<hh>/<sha256(key)>.json`. Writing this file is the commit point:
 * an object exists exactly when its record does. `pendingFrom` names an upload directory that a Complete
 * is still moving to `blobs/<blob>`; startup finishes that move (see recover.ts).
 */
export interface ObjectRecord extends ObjectAttributes {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: string;
  readonly blob: string;
  readonly segments: readonly Segment[];
  readonly partCount?: number | undefined;
  readonly pendingFrom?: string | undefined;
}

/** An in-progress upload as stored in `uploads/<id>/upload.json`. */
export interface UploadRecord extends ObjectAttributes {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly initiated: string;
}

/** One uploaded part as stored in `uploads/<id>/parts/<n>.json`; its bytes are in `parts/<file>`. */
export interface PartRecord {
  readonly partNumber: number;
  readonly etag: string;
  readonly size: number;
  readonly lastModified: string;
  readonly file: string;
}

/** A request body written to a temporary file, with its MD5. */
export interface ReceivedBody {
  readonly path: string;
  readonly size: number;
  readonly md5: string;
}
