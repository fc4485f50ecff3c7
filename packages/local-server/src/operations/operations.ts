import type { OperationName } from '../operation-name.ts';
import { deleteBucket, getBucket, headBucket, listBuckets, putBucket } from './bucket-operations.ts';
import type { Operation } from './context.ts';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  initiateMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
} from './multipart-operations.ts';
import { deleteObject, getObject, headObject, putObject } from './object-operations.ts';
import { getBucketReferer, putBucketReferer } from './referer-operations.ts';

/** The handler of every operation the router can pick. */
export const OPERATIONS: Readonly<Record<OperationName, Operation>> = {
  ListBuckets: listBuckets,
  PutBucket: putBucket,
  DeleteBucket: deleteBucket,
  GetBucket: getBucket,
  HeadBucket: headBucket,
  GetBucketReferer: getBucketReferer,
  PutBucketReferer: putBucketReferer,
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  InitiateMultipartUpload: initiateMultipartUpload,
  UploadPart: uploadPart,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
  ListMultipartUploads: listMultipartUploads,
};
