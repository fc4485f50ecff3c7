export { AbortError } from './errors/abort-error.ts';
export { InvalidRequestError, InvalidResponseError } from './errors/invalid-errors.ts';
export { NetworkError } from './errors/network-error.ts';
export { RemoteSigningError } from './errors/remote-signing-error.ts';
export { type FailedAttempt, RetriesExhaustedError } from './errors/retries-exhausted-error.ts';
export { ServiceError, type ServiceErrorDetails } from './errors/service-error.ts';
export { TimeoutError, type TimeoutPhase } from './errors/timeout-error.ts';
export { TransportError, type TransportErrorCode } from './errors/transport-error.ts';
