import { hasMarker, markError, TransportError } from './transport-error.ts';

/** What a JSS error response said (protocol §5.1), read case-insensitively from the body or headers. */
export interface ServiceErrorDetails {
  readonly status: number;
  /** The JSS error code (`NoSuchKey`, `SlowDown`...); undefined when the body had none (HEAD, a proxy page). */
  readonly serviceCode: string | undefined;
  readonly serviceMessage: string | undefined;
  readonly resource: string | undefined;
  readonly requestId: string | undefined;
  /** Response headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The start of the body (at most 1 KiB) when it was not a JSS error body. */
  readonly bodySnippet: string | undefined;
  /** `METHOD /bucket/key` of the request, for the message. */
  readonly operation: string;
}

/**
 * The service answered with a status outside 2xx. `serviceCode` holds the JSS code (`NoSuchUpload`,
 * `RequestTimeTooSkewed`...), `code` stays `TRANSPORT_SERVICE_ERROR` for every service error.
 */
export class ServiceError extends TransportError {
  override readonly name: string = 'ServiceError';
  readonly status: number;
  readonly serviceCode: string | undefined;
  readonly serviceMessage: string | undefined;
  readonly resource: string | undefined;
  readonly requestId: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly bodySnippet: string | undefined;

  constructor(details: ServiceErrorDetails) {
    const what = details.serviceCode ?? `HTTP ${details.status}`;
    const said = details.serviceMessage === undefined ? '' : `: ${details.serviceMessage}`;
    const id = details.requestId === undefined ? '' : ` (request id ${details.requestId})`;
    super(
      'TRANSPORT_SERVICE_ERROR',
      `${details.operation} failed with ${details.status} ${what}${said}${id}`,
    );
    this.status = details.status;
    this.serviceCode = details.serviceCode;
    this.serviceMessage = details.serviceMessage;
    this.resource = details.resource;
    this.requestId = details.requestId;
    this.headers = details.headers;
    this.bodySnippet = details.bodySnippet;
    markError(this, 'ServiceError');
  }

  static override isInstance(value: unknown): value is ServiceError {
    return hasMarker(value, 'ServiceError');
  }
}
