// Signing

// Canonical forms (protocol §3.2, §3.3)
export { canonicalizeHeaders, canonicalizeJssHeaders } from './canonical-headers.ts';
export {
  canonicalizeResource,
  formatSubResources,
  parseSubResources,
  type ResourceInput,
  resourcePath,
  type SubResource,
  type SubResourceOrder,
} from './canonical-resource.ts';
// Constants and errors
export {
  AUTHORIZATION_SCHEME,
  MAX_CLOCK_SKEW_MS,
  PRESIGN_PARAMETERS,
  SIGNABLE_RESPONSE_OVERRIDES,
  SIGNABLE_SUB_RESOURCES,
  SIGNED_HEADER_PREFIX,
} from './constants.ts';
export {
  assertCredentials,
  type Credentials,
  type CredentialsProvider,
  resolveCredentials,
} from './credentials.ts';
// Keys, dates, credentials, crypto
export { encodeKey } from './encode-key.ts';
export { SignerError, type SignerErrorCode } from './errors.ts';
export { formatHttpDate } from './format-http-date.ts';
export {
  type HeaderInput,
  type HeaderValue,
  readSigningHeaders,
  type SigningHeaders,
} from './header-input.ts';
export { defaultHmacSha1, type HmacSha1 } from './hmac.ts';
export { type ParsedAuthorization, parseAuthorization } from './parse-authorization.ts';
export {
  type AsyncPresignOptions,
  type PresignableRequest,
  type PresignOptions,
  presignUrl,
  presignUrlSync,
  querySignature,
} from './presign-url.ts';
// Remote signing: a server signs the attempts of a client that has no secret (a browser)
export {
  type AsyncRemoteSigningOptions,
  type RemoteSignature,
  type RemoteSigner,
  type RemoteSigningOptions,
  type RemoteSigningRequest,
  type RemoteSigningView,
  signRemoteRequest,
  signRemoteRequestSync,
} from './remote-signing.ts';
export {
  type AsyncSignOptions,
  createStringToSign,
  type SignableRequest,
  type SignedHeaders,
  type SignOptions,
  signRequest,
  signRequestSync,
} from './sign-request.ts';
export { buildStringToSign, type StringToSignParts } from './string-to-sign.ts';
export type {
  VerificationFailure,
  VerificationFailureCode,
  VerificationResult,
  VerificationSuccess,
} from './verification-failure.ts';
// Verification (server side)
export {
  type VerifiableRequest,
  type VerifyOptions,
  verifyRequest,
  verifyRequestSync,
} from './verify-request.ts';
