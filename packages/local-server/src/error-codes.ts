/**
 * Every JSS error code this server can answer with, and its HTTP status (protocol §5.2; where the documents
 * disagree, docs/adr/0006 and 0007 decide).
 */
export const SERVER_ERROR_STATUS = {
  AccessDenied: 403,
  InvalidToken: 400,
  InvalidAccessKeyId: 403,
  SignatureDoesNotMatch: 403,
  RequestTimeTooSkewed: 403,
  ExpiredToken: 400,
  InvalidURI: 400,
  MissingSecurityHeader: 400,
  InvalidArgument: 400,
  BucketAlreadyOwnedByYou: 409,
  InvalidBucketName: 400,
  TooManyBuckets: 400,
  BucketNotEmpty: 409,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  MissingContentLength: 400,
  IncompleteBody: 400,
  BadDigest: 400,
  EntityTooLarge: 400,
  EntityTooSmall: 400,
  InvalidRange: 416,
  NoSuchUpload: 404,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  TooManyParts: 400,
  TooManyMultipartUploads: 400,
  MalformedJson: 400,
  MethodNotAllowed: 405,
  BadRequest: 400,
  RequestTimeout: 400,
  InternalError: 500,
} as const;

/** A JSS error code this server emits. Fault injection may use any other code too. */
export type ServerErrorCode = keyof typeof SERVER_ERROR_STATUS;
