// Response and request bodies (protocol §5-9)

export {
  type BucketReferer,
  BucketRefererSchema,
  bucketRefererQueryParameters,
  encodeBucketRefererQuery,
  type PutBucketRefererQuery,
  PutBucketRefererQuerySchema,
  parseBucketRefererQuery,
  REFERER_EFFECTS,
  type RefererEffect,
  RefererEffectSchema,
} from './bucket-referer.ts';
export {
  type CompletedPart,
  CompletedPartSchema,
  type CompleteMultipartUploadRequest,
  CompleteMultipartUploadRequestSchema,
  type CompleteMultipartUploadResponse,
  CompleteMultipartUploadResponseSchema,
  type IncomingCompleteMultipartUpload,
  IncomingCompleteMultipartUploadSchema,
} from './complete-multipart-upload.ts';
export { type ErrorBody, ErrorBodySchema } from './error-body.ts';
export { type WireIssue, WireParseError, type WireParseErrorCode } from './errors.ts';
// ETags (protocol §8.5)
export {
  computeMultipartETag,
  computePartETag,
  contentMd5ToHex,
  defaultMd5Hex,
  isMd5ETag,
  type Md5Hex,
  normalizeETag,
  quoteETag,
} from './etag.ts';
export {
  type GetBucketQuery,
  GetBucketQuerySchema,
  type GetBucketResponse,
  GetBucketResponseSchema,
  type ObjectSummary,
  ObjectSummarySchema,
} from './get-bucket.ts';
export { JSON_CONTENT_TYPE, JSS_HEADERS } from './headers.ts';
export {
  type InitiateMultipartUploadResponse,
  InitiateMultipartUploadResponseSchema,
} from './initiate-multipart-upload.ts';
export { JSS_LIMITS } from './limits.ts';
export {
  type BucketSummary,
  BucketSummarySchema,
  type ListBucketsResponse,
  ListBucketsResponseSchema,
} from './list-buckets.ts';
export {
  isEncryptionEnabled,
  type ListMultipartUploadsResponse,
  ListMultipartUploadsResponseSchema,
  type UploadSummary,
  UploadSummarySchema,
} from './list-multipart-uploads.ts';
export {
  type ListPartsResponse,
  ListPartsResponseSchema,
  type PartSummary,
  PartSummarySchema,
} from './list-parts.ts';
// Names, classes, headers, limits
export { BucketNameSchema, isValidBucketName, isValidObjectKey, ObjectKeySchema } from './names.ts';
export {
  type ObjectAttributeHeaders,
  ObjectAttributeHeadersSchema,
  type ObjectAttributes,
  objectAttributeHeaders,
  ServerSideEncryptionHeaderSchema,
} from './object-headers.ts';
// Parsing and encoding
export {
  encodeCompleteBody,
  parseIncomingCompleteBody,
  parseResponseBody,
  RESPONSE_SCHEMAS,
  type ResponseBody,
  type ResponseOperation,
} from './parse-body.ts';
export { STORAGE_CLASSES, type StorageClass, StorageClassSchema } from './storage-class.ts';
