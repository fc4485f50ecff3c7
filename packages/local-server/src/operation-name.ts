/** The JSS operations the server answers (protocol §4), as named in fault rules and the request log. */
export type OperationName =
  | 'ListBuckets'
  | 'PutBucket'
  | 'DeleteBucket'
  | 'GetBucket'
  | 'HeadBucket'
  | 'GetBucketReferer'
  | 'PutBucketReferer'
  | 'PutObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'InitiateMultipartUpload'
  | 'UploadPart'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListParts'
  | 'ListMultipartUploads';
