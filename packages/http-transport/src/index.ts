// Transport

// Adapters
export type { AdapterRequest, AdapterResponse, HttpAdapter, PhaseTimeouts } from './adapter.ts';
export { createFetchAdapter, type FetchAdapterOptions } from './adapters/fetch-adapter.ts';
// Addressing, signing and bodies
export { type AddressingStyle, parseEndpoint, type QueryParameters, resolveAddress } from './addressing.ts';
export type { Admission, AttemptAdmission } from './admission.ts';
export type { Authentication } from './authentication.ts';
export type { RetryOptions } from './backoff.ts';
export { classifyFailure, type FailureClass } from './classify-failure.ts';
export { createTransport } from './create-transport.ts';
// Errors
export {
  AbortError,
  type FailedAttempt,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  RemoteSigningError,
  RetriesExhaustedError,
  ServiceError,
  type ServiceErrorDetails,
  TimeoutError,
  type TimeoutPhase,
  TransportError,
  type TransportErrorCode,
} from './errors.ts';
export { isRetryableError } from './is-retryable.ts';
export { createRateLimit, type RateLimit, type RateLimitOptions } from './rate-limit.ts';
export { createRemoteSigner, type RemoteSignerOptions } from './remote-signer.ts';
export { type BodyFactory, type BodyStream, bodyStreamChunks, type RequestBody } from './request-body.ts';
export type {
  AttemptInfo,
  AttemptResult,
  HttpMethod,
  PresignRequest,
  StreamingResponse,
  TimeoutOptions,
  Transport,
  TransportHooks,
  TransportOptions,
  TransportRequest,
  TransportResponse,
} from './transport-types.ts';
