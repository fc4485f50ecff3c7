/** The scheme word of the Authorization header: `Authorization: jingdong AK:SIG` (protocol §3.1). */
export const AUTHORIZATION_SCHEME = 'jingdong';

/** Prefix of the headers that take part in CanonicalizedHeaders (protocol §3.2). */
export const SIGNED_HEADER_PREFIX = 'x-jss-';

/** Sub-resources that are signed when present in the query (protocol §3.3). */
export const SIGNABLE_SUB_RESOURCES: readonly string[] = [
  'acl',
  'lifecycle',
  'location',
  'logging',
  'partNumber',
  'policy',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'website',
];

/** Response-override query parameters, also signed when present (protocol §3.3). */
export const SIGNABLE_RESPONSE_OVERRIDES: readonly string[] = [
  'contentType',
  'contentLanguage',
  'cacheControl',
  'contentDisposition',
  'contentEncoding',
];

/** The three query parameters of a presigned URL, case-sensitive (protocol §3.5). */
export const PRESIGN_PARAMETERS = {
  expires: 'Expires',
  accessKey: 'AccessKey',
  signature: 'Signature',
} as const;

/** How far the Date header may be from the server's clock: ±15 minutes (protocol §3.4). */
export const MAX_CLOCK_SKEW_MS: number = 15 * 60 * 1000;
