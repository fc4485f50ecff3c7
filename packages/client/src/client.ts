import type { Transport } from '@jsskit/http-transport';
import type { BucketEntry, BucketOptions } from './bucket-operations.ts';
import type { BucketRefererRules, PutBucketRefererOptions } from './bucket-referer.ts';
import type { CallOptions } from './call-options.ts';
import type { CopyObjectOptions, CopyObjectResult } from './copy-object.ts';
import type { DeleteObjectOptions } from './delete-object.ts';
import type { GetObjectOptions, GetObjectResult } from './get-object.ts';
import type { HeadObjectOptions } from './head-object.ts';
import type { ListMultipartUploadsOptions, UploadEntry, UploadsPage } from './list-multipart-uploads.ts';
import type { ListObjectsOptions, ObjectEntry, ObjectsPage } from './list-objects.ts';
import type { PartEntry } from './list-parts.ts';
import type {
  CompleteMultipartUploadOptions,
  InitiateMultipartUploadOptions,
  UploadOptions,
  UploadPartOptions,
} from './multipart-operations.ts';
import type { ObjectInfo } from './object-info.ts';
import type { PagedList } from './paged-list.ts';
import type { PutObjectOptions, PutObjectResult } from './put-object.ts';

/**
 * One method per JSS operation, each taking one options object (with an optional `signal`) and returning
 * parsed results: dates as `Date`, sizes as numbers, ETags unquoted. Errors are the transport's
 * (`ServiceError`...), their message starting with the operation's name, or a `ClientError`.
 */
export interface Client {
  /** The transport every call goes through (for presigned URLs, or the calls not wrapped here). */
  readonly transport: Transport;
  listBuckets(options?: CallOptions): Promise<BucketEntry[]>;
  createBucket(options: BucketOptions): Promise<void>;
  deleteBucket(options: BucketOptions): Promise<void>;
  headBucket(options: BucketOptions): Promise<void>;
  /** The bucket's referer rules (hotlink protection); an unconfigured bucket has an empty ALLOW list. */
  getBucketReferer(options: BucketOptions): Promise<BucketRefererRules>;
  /** Replaces the bucket's referer rules; `referers: []` turns protection off. */
  putBucketReferer(options: PutBucketRefererOptions): Promise<void>;
  /** Iterate it for the objects; `.pages()` for whole pages with `commonPrefixes`. */
  listObjects(options: ListObjectsOptions): PagedList<ObjectEntry, ObjectsPage>;
  putObject(options: PutObjectOptions): Promise<PutObjectResult>;
  getObject(options: GetObjectOptions): Promise<GetObjectResult>;
  headObject(options: HeadObjectOptions): Promise<ObjectInfo>;
  deleteObject(options: DeleteObjectOptions): Promise<void>;
  /** Undocumented by JD (`x-jss-copy-source`). */
  copyObject(options: CopyObjectOptions): Promise<CopyObjectResult>;
  /** Undocumented by JD (`x-jss-move-source`). */
  moveObject(options: CopyObjectOptions): Promise<CopyObjectResult>;
  initiateMultipartUpload(options: InitiateMultipartUploadOptions): Promise<{ uploadId: string }>;
  uploadPart(options: UploadPartOptions): Promise<{ etag: string }>;
  completeMultipartUpload(options: CompleteMultipartUploadOptions): Promise<{ etag: string }>;
  abortMultipartUpload(options: UploadOptions): Promise<void>;
  listParts(options: UploadOptions): Promise<PartEntry[]>;
  listMultipartUploads(options: ListMultipartUploadsOptions): PagedList<UploadEntry, UploadsPage>;
  /** Frees the transport's pooled connections (also when the transport was passed in). */
  close(): Promise<void>;
}
