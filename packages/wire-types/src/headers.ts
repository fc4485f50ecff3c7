/** Header names of the JSS protocol, lower-cased (HTTP names are case-insensitive). */
export const JSS_HEADERS = {
  authorization: 'authorization',
  date: 'date',
  contentMd5: 'content-md5',
  contentType: 'content-type',
  contentLength: 'content-length',
  contentRange: 'content-range',
  contentDisposition: 'content-disposition',
  cacheControl: 'cache-control',
  etag: 'etag',
  lastModified: 'last-modified',
  range: 'range',
  acceptRanges: 'accept-ranges',
  retryAfter: 'retry-after',
  /** Request id on every response; the Response-Headers page's `x-oss-request-id` is a doc error (§2.3). */
  requestId: 'x-jss-request-id',
  storageClass: 'x-jss-storage-class',
  serverSideEncryption: 'x-jss-server-side-encryption',
  poweredBy: 'x-powered-by',
} as const;

/** The JSON content type JSS answers with (protocol §1). */
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
