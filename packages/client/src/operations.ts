// Every operation of the client as a function of a transport, `operation(transport, options)`: what a bundle
// that needs only a few imports, so that the others are shaken out (a `Client` object holds them all). The
// engine of @jsskit/multipart calls them this way when it is given a transport.
export { createBucket, deleteBucket, headBucket, listBuckets } from './bucket-operations.ts';
export { getBucketReferer, putBucketReferer } from './bucket-referer.ts';
export { copyObject, moveObject } from './copy-object.ts';
export { deleteObject } from './delete-object.ts';
export { getObject } from './get-object.ts';
export { headObject } from './head-object.ts';
export { listMultipartUploads } from './list-multipart-uploads.ts';
export { listObjects } from './list-objects.ts';
export { listParts } from './list-parts.ts';
export {
  abortMultipartUpload,
  completeMultipartUpload,
  initiateMultipartUpload,
  uploadPart,
} from './multipart-operations.ts';
export { putObject } from './put-object.ts';
