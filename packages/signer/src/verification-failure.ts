/** JSS error codes that signature verification can produce (protocol §3.4, §3.5, §5.2). */
export type VerificationFailureCode =
  | 'AccessDenied'
  | 'InvalidToken'
  | 'InvalidAccessKeyId'
  | 'SignatureDoesNotMatch'
  | 'RequestTimeTooSkewed'
  | 'ExpiredToken'
  | 'InvalidURI'
  | 'MissingSecurityHeader'
  | 'InvalidArgument';

/** A refused request: the JSS error code, the HTTP status to answer with, and a message safe to send back. */
export interface VerificationFailure {
  readonly ok: false;
  readonly code: VerificationFailureCode;
  readonly status: 400 | 403;
  readonly message: string;
  /** For `SignatureDoesNotMatch`: the StringToSign the server expected (request order, decoded key). */
  readonly stringToSign?: string | undefined;
}

/** An accepted request: which access key signed it, and how. */
export interface VerificationSuccess {
  readonly ok: true;
  readonly accessKeyId: string;
  readonly via: 'header' | 'presigned-url';
}

/** The outcome of {@link verifyRequest}. */
export type VerificationResult = VerificationSuccess | VerificationFailure;

// Statuses where the docs disagree are decided in docs/adr/0006-verification-errors.md.
const STATUS: Record<VerificationFailureCode, 400 | 403> = {
  AccessDenied: 403,
  InvalidToken: 400,
  InvalidAccessKeyId: 403,
  SignatureDoesNotMatch: 403,
  RequestTimeTooSkewed: 403,
  ExpiredToken: 400,
  InvalidURI: 400,
  MissingSecurityHeader: 400,
  InvalidArgument: 400,
};

/** Builds a {@link VerificationFailure} with the status decided for its code. */
export function verificationFailure(
  code: VerificationFailureCode,
  message: string,
  stringToSign?: string,
): VerificationFailure {
  return { ok: false, code, status: STATUS[code], message, stringToSign };
}
