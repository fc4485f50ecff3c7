// The client

export type {
  BucketEntry,
  BucketOptions,
} from './bucket-operations.ts';
export type { BucketRefererRules, PutBucketRefererOptions } from './bucket-referer.ts';
export type { CallOptions, HookedCallOptions, ObjectLocation, RequestHooks } from './call-options.ts';
export type { Client } from './client.ts';
export type { CopyObjectOptions, CopyObjectResult } from './copy-object.ts';
export { type ClientOptions, createClient } from './create-client.ts';
export type { DeleteObjectOptions } from './delete-object.ts';
// Errors
export { isAccessDenied, isAlreadyExists, isNotFound, isThrottled } from './error-guards.ts';
export { ClientError, type ClientErrorCode } from './errors.ts';
export type { ByteRange, ByteSpan, ByteSuffix, GetObjectOptions, GetObjectResult } from './get-object.ts';
export type { HeadObjectOptions } from './head-object.ts';
// Listings
export type { ListMultipartUploadsOptions, UploadEntry, UploadsPage } from './list-multipart-uploads.ts';
export type { ListObjectsOptions, ObjectEntry, ObjectsPage } from './list-objects.ts';
export type { PartEntry } from './list-parts.ts';
export type {
  CompleteMultipartUploadOptions,
  InitiateMultipartUploadOptions,
  UploadOptions,
  UploadPartOptions,
} from './multipart-operations.ts';
export type { ObjectInfo } from './object-info.ts';
// Operations as functions of a transport, for bundles that need only a few
export {
  abortMultipartUpload,
  completeMultipartUpload,
  copyObject,
  createBucket,
  deleteBucket,
  deleteObject,
  getBucketReferer,
  getObject,
  headBucket,
  headObject,
  initiateMultipartUpload,
  listBuckets,
  listMultipartUploads,
  listObjects,
  listParts,
  moveObject,
  putBucketReferer,
  putObject,
  uploadPart,
} from './operations.ts';
export type { PagedList } from './paged-list.ts';
export type { PutObjectOptions, PutObjectResult } from './put-object.ts';
